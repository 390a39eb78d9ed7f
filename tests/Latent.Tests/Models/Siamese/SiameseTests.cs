using System.Text.Json.Nodes;
using Latent.Data;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Common.Adversarial;
using Latent.Models.Siamese;
using Latent.Tensors;
using Latent.Tests.IO;

namespace Latent.Tests.Models.Siamese;

public class SiameseTests
{
    [Fact]
    public void GlyphRasterDrawsStrokesWhereTheyAreAndNothingElse()
    {
        // One horizontal stroke: ink along the middle row, none two rows away from the stroke's edge.
        var image = GlyphRaster.Draw([[(-10.0, 0.0), (10.0, 0.0)]], size: 28, pixelsPerUnit: 1, strokeRadius: 0.9);
        // The stroke runs along y = 14, the border of rows 13 and 14: both pixel centres are 0.5 away, ink r + 0.5 − 0.5 = 0.9.
        Assert.Equal(0.9f, image[13 * 28 + 14], 1e-6f);
        Assert.Equal(0.9f, image[14 * 28 + 14], 1e-6f);
        Assert.Equal(0f, image[10 * 28 + 14]);
        Assert.Equal(0f, image[14 * 28 + 1]);   // beyond the stroke's end
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
        Assert.All(GlyphRaster.Draw([]), v => Assert.Equal(0f, v));
        // A glyph too large for the scale is shrunk to fit: no ink on the border.
        var big = GlyphRaster.Draw([[(-100.0, -100.0), (100.0, 100.0)]], size: 28, pixelsPerUnit: 1);
        Assert.All(Enumerable.Range(0, 28), i => Assert.Equal(0f, big[i]));
        Assert.True(big[14 * 28 + 14] > 0.5f);
    }

    [SkippableFact]
    public void FontCharactersAreOneClassPerCharacterAndOneExamplePerFont()
    {
        Skip.If(!Directory.Exists(HersheyFont.DefaultDirectory), "Hershey fonts are not installed (apt-get install hershey-fonts-data).");
        var set = FontCharacters.Load("Ab");
        Assert.Equal(FontCharacters.LatinFonts.Count, set.Fonts.Count);
        Assert.Equal([2 * set.Fonts.Count, 1, 28, 28], set.Images.Shape);
        Assert.Equal(set.Fonts.Count, set.Labels.Count(l => l == 0));
        Assert.Equal(Enumerable.Range(0, set.Fonts.Count), set.FontOf.Take(set.Fonts.Count));
        // Every glyph has ink, and no two fonts draw 'A' identically.
        for (int i = 0; i < set.Labels.Length; i++) Assert.True(set.Images.Select(0, i).Sum().Item() > 10, $"image {i} is nearly empty");
        Assert.True((set.Images.Select(0, 0) - set.Images.Select(0, 1)).Abs().Sum().Item() > 1);
        Assert.DoesNotContain(FontCharacters.TrainingCharacters, c => FontCharacters.Uppercase.Contains(c));
        Assert.Contains("U+0020", Assert.Throws<ArgumentException>(() => FontCharacters.Load("a b")).Message);
    }

    [Fact]
    public void PairSamplerGivesSameClassPartnersAndOtherClassNegatives()
    {
        int[] labels = [0, 0, 1, 1, 1, 2];
        var sampler = new PairSampler(labels);
        var gen = new Generator(5);
        int[] anchors = [0, 1, 2, 3, 4, 5];
        for (int round = 0; round < 20; round++)
        {
            var partners = sampler.Positives(anchors, gen);
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(labels[anchors[i]], labels[partners[i]]);
                Assert.NotEqual(anchors[i], partners[i]);
            }
            Assert.Equal(5, partners[5]); // alone in its class: paired with itself
        }
        var negatives = PairSampler.Negatives(labels, 2, gen);
        Assert.Equal(12, negatives.Count);
        Assert.All(negatives, p => Assert.NotEqual(labels[p.Anchor], labels[p.Partner]));
        // Hard negatives: the most similar member of another class.
        var similarity = new float[6, 6];
        similarity[0, 4] = 0.9f;
        similarity[0, 2] = 0.5f;
        similarity[2, 5] = 0.7f;
        var hard = PairSampler.Negatives(labels, 1, gen, similarity);
        Assert.Equal(4, hard.Single(p => p.Anchor == 0).Partner);
        Assert.Equal(5, hard.Single(p => p.Anchor == 2).Partner);
        Assert.Empty(PairSampler.Negatives([3, 3], 1, gen));
    }

    [Fact]
    public void OneShotAccuracyIsExactForPerfectAndForUninformativeScores()
    {
        int[] labels = [.. Enumerable.Range(0, 40).Select(i => i % 8)];
        var oneHot = Tensor.Eye(8).IndexSelect(0, labels);
        Assert.Equal(1.0, OneShotEvaluation.Accuracy(oneHot, labels, 5, 50, OneShotEvaluation.NegativeDistance, 1));
        // A constant score ties everywhere; the first support wins, which is right for the first of N queries only.
        Assert.Equal(1.0 / 5, OneShotEvaluation.Accuracy(oneHot, labels, 5, 50, (a, _) => Tensor.Zeros(a.Shape[0]), 1), 12);
        Assert.Contains("9-way", Assert.Throws<ArgumentException>(() => OneShotEvaluation.Accuracy(oneHot, labels, 9, 1, OneShotEvaluation.NegativeDistance, 1)).Message);
    }

    [Fact]
    public void KochsEpisodesTakeSupportsFromOneDrawerAndQueriesFromAnother()
    {
        // 6 classes drawn by 4 drawers; the features are the drawer alone, so within one drawer every class looks the same.
        int[] labels = [.. Enumerable.Range(0, 24).Select(i => i % 6)];
        int[] drawers = [.. Enumerable.Range(0, 24).Select(i => i / 6)];
        var byDrawer = Tensor.Eye(4).IndexSelect(0, drawers);
        // Supports all by drawer A tie for every query by drawer B: the first support wins, right for 1 of N queries.
        Assert.Equal(1.0 / 5, OneShotEvaluation.AccuracyAcrossDrawers(byDrawer, labels, drawers, 5, 40, OneShotEvaluation.NegativeDistance, 1), 12);
        // Random supports and queries would often share a drawer, and then the query's drawer would single out its own class
        // less than half the time; the drawer-only features must not score 1/N there.
        Assert.NotEqual(1.0 / 5, OneShotEvaluation.Accuracy(byDrawer, labels, 5, 40, OneShotEvaluation.NegativeDistance, 1), 6);
        // Features that know the class are right on every trial.
        var byClass = Tensor.Concat([Tensor.Eye(6).IndexSelect(0, labels) * 10f, byDrawer], 1);
        Assert.Equal(1.0, OneShotEvaluation.AccuracyAcrossDrawers(byClass, labels, drawers, 5, 40, OneShotEvaluation.NegativeDistance, 1));
        // No two drawers share 7 classes; drawers must match the rows.
        Assert.Contains("7-way", Assert.Throws<ArgumentException>(() => OneShotEvaluation.AccuracyAcrossDrawers(byClass, labels, drawers, 7, 1, OneShotEvaluation.NegativeDistance, 1)).Message);
        Assert.Contains("drawers", Assert.Throws<ArgumentException>(() => OneShotEvaluation.AccuracyAcrossDrawers(byClass, labels, drawers[..5], 5, 1, OneShotEvaluation.NegativeDistance, 1)).Message);
    }

    [SkippableTheory]
    [InlineData(SiameseLoss.Contrastive, true)]
    [InlineData(SiameseLoss.Cosine, false)]
    [InlineData(SiameseLoss.Koch, false)]
    [InlineData(SiameseLoss.Triplet, false)]
    public void ShortTrainingSeparatesSameFromDifferentPairsOfHeldOutImages(SiameseLoss loss, bool hard)
    {
        var (train, test) = TestData.RequireFashionMnist();
        var (x, y) = OfClasses(train, c => c < 6);
        var (heldOut, heldOutLabels) = OfClasses(test, c => c < 6);
        var model = new SiameseModel(new SiameseNetwork([1, 28, 28], 16, new Generator(1)), loss, (float)SiameseOptions.DefaultMargin(loss),
            x, y, 2e-3, new Generator(2)) { HardNegatives = hard, MaxShift = 1 };
        double before = PairAuc(model, heldOut, heldOutLabels);
        var steps = InMemoryTraining.Fit(model, new DataLoader(x, y, batchSize: 16, shuffle: true, generator: new Generator(3)), 40);
        double after = PairAuc(model, heldOut, heldOutLabels);
        Assert.All(steps, m => Assert.True(double.IsFinite(m["loss"])));
        Assert.True(after > before + 0.03, $"{loss}: ROC AUC of same-class against different-class test pairs {before:F3} → {after:F3}");
    }

    /// <summary>The ROC AUC of the model's scores of all pairs of the first 100 images: same-class pairs should score above different-class ones.</summary>
    private static double PairAuc(SiameseModel model, Tensor images, int[] labels)
    {
        int n = Math.Min(100, labels.Length);
        var embeddings = model.Embed(images.Narrow(0, 0, n));
        var pairs = (from i in Enumerable.Range(0, n) from j in Enumerable.Range(i + 1, n - i - 1) select (i, j)).ToArray();
        float[] scores;
        using (Autograd.NoGrad())
            scores = model.Score(embeddings.IndexSelect(0, [.. pairs.Select(p => p.i)]), embeddings.IndexSelect(0, [.. pairs.Select(p => p.j)])).ToArray();
        var same = pairs.Select((p, k) => (labels[p.i] == labels[p.j], scores[k])).ToArray();
        var positive = same.Where(s => s.Item1).Select(s => s.Item2).ToArray();
        var negative = same.Where(s => !s.Item1).Select(s => s.Item2).ToArray();
        double wins = positive.Sum(p => negative.Sum(q => p > q ? 1.0 : p == q ? 0.5 : 0.0));
        return wins / ((double)positive.Length * negative.Length);
    }

    [SkippableFact]
    public void EmbeddingAttackPullsADifferentItemTowardsTheOtherInsideTheBall()
    {
        var (train, test) = TestData.RequireFashionMnist();
        var (x, y) = OfClasses(train, c => c < 6);
        var model = new SiameseModel(new SiameseNetwork([1, 28, 28], 16, new Generator(1)), SiameseLoss.Contrastive, 1f, x, y, 2e-3, new Generator(2));
        InMemoryTraining.Fit(model, new DataLoader(x, y, batchSize: 16, shuffle: true, generator: new Generator(3)), 30);
        var (unseen, labels) = OfClasses(test, c => c >= 6);
        int[] a = [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == 7).Take(8)];
        int[] b = [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] == 8).Take(8)];
        var first = unseen.IndexSelect(0, a);
        var second = unseen.IndexSelect(0, b);
        var before = EmbeddingAttack.Scores(model, first, second);
        var (perturbed, after) = EmbeddingAttack.MakeSame(model, first, second, SignGradientAttack.Pgd(0.05f, 10));
        Assert.True((perturbed - first).Abs().Max().Item() <= 0.05f + 1e-6f);
        Assert.All(before.Zip(after), p => Assert.True(p.Second > p.First, $"score {p.First} → {p.Second}"));
    }

    [SkippableFact]
    public void CatalogModelEvaluatesOneShotBesideThePixelBaseline()
    {
        var (_, test) = TestData.RequireFashionMnist();
        var setup = ModelCatalog.Find("siamese")!.Create(new JsonObject { ["train-size"] = 64, ["episodes"] = 20, ["ways"] = "2,4" });
        var (unseen, labels) = OfClasses(test, c => c >= 6);
        var metrics = setup.Model.Evaluate(new DataLoader(unseen, labels, batchSize: 100, shuffle: false));
        Assert.Equal(["oneshot_2way", "pixel_nn_2way", "oneshot_4way", "pixel_nn_4way"], metrics.Keys);
        Assert.All(metrics.Values, v => Assert.InRange(v, 0, 1));
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("siamese")!.Create(new JsonObject { ["train-classes"] = "0,1,2,3,4,5,6,7", ["ways"] = "4" }));
        Assert.Contains("--ways", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Find("siamese")!.Create(new JsonObject { ["train-classes"] = "0,x" }));
        Assert.Contains("--train-classes", e.Message);
    }

    private static (Tensor Images, int[] Labels) OfClasses(ImageDataset split, Func<int, bool> keep)
    {
        var labels = split.Labels.ToArray();
        int[] indices = [.. Enumerable.Range(0, labels.Length).Where(i => keep(labels[i]))];
        return (split.ToTensor(indices), [.. indices.Select(i => labels[i])]);
    }
}
