using System.Globalization;
using Latent.Data;
using Latent.IO;
using Latent.Models.Catalog;
using Latent.Models.Common;
using Latent.Models.Vae;
using Latent.Tensors;

namespace Latent.Cli.Demo;

/// <summary>
/// The pictures and page of a finished demo, written into its run directory: samples, reconstructions,
/// interpolations and a latent traversal (<c>demo-*.png</c>), the test set's latent scatter coloured by class
/// (<c>latent-scatter.svg</c>), the loss curves (<c>loss.svg</c>) and <c>index.html</c> showing them all.
/// </summary>
internal static class DemoReport
{
    /// <summary>The prefix of the sample pictures.</summary>
    public const string Prefix = "demo";

    /// <summary>Writes everything and returns the path of <c>index.html</c>.</summary>
    /// <exception cref="InvalidOperationException">The run's model is not a VAE.</exception>
    public static string Write(TrainedRun trained, DemoSettings settings, TimeSpan trainingTime)
    {
        var vae = trained.Setup.Model as VariationalAutoencoder
            ?? throw new InvalidOperationException($"the demo expects a VAE, but '{trained.Run.ConfigPath}' builds {trained.Setup.Model.GetType().Name}.");
        string dir = trained.Run.Path;
        string Picture(string name) => Path.Combine(dir, name);

        vae.WriteSamples(dir, Prefix);
        var all = FashionMnist.Load(DatasetSplit.Test, settings.DataDir);
        var test = all.Take(Math.Min(settings.ScatterPoints, all.Count));
        var codes = LatentEncoding.Encode(vae, test.ToTensor());
        LatentEncoding.SaveScatter(codes, test.Labels.ToArray(), FashionMnist.ClassNames, Picture("latent-scatter.svg"),
            $"Posterior means of {test.Count:N0} test images, first two principal components");
        var curves = new TrainingCurves(trained.Run.ReadMetrics());
        var lossPlot = curves.LossPlot("VAE on Fashion-MNIST: negative ELBO per image",
            [("train_loss", "train NELBO (epoch mean)"), ("test_nelbo", "test NELBO (end of epoch)")]);
        if (lossPlot.Series.Count > 0) lossPlot.Save(Picture("loss.svg")); // empty only when stopped before the first log line

        var testNelbo = curves.PerEpoch("test_nelbo");
        int latent = vae.LatentDim;
        var report = new HtmlReport("Latent demo: a variational autoencoder on Fashion-MNIST");
        string seconds = trainingTime.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
        report.Paragraph(
            $"A VAE (MLP encoder and decoder 784-{trained.Config["hidden"]}-{latent}, Bernoulli decoder, Adam at learning rate {trained.Config["lr"]}, " +
            $"batch {trained.Config["batch-size"]}: workload W1) trained on {trained.Setup.Train.Count:N0} Fashion-MNIST images for " +
            $"{curves.Epochs.Count} epochs in {seconds} s, seed {settings.Seed}. " +
            (testNelbo.Count > 0 ? $"Its negative ELBO on the 10,000 test images is {TrainingCurves.Format(testNelbo[^1].Value)} nats per image (an upper bound on −log p(x))." : ""));
        report.Heading("Samples")
            .Paragraph($"New images: 64 codes z drawn from the prior N(0, I) in {latent} dimensions, each decoded to the mean of p(x | z).")
            .Picture(SampleFiles.Path(dir, Prefix, "samples"), "decoded prior samples");
        report.Heading("Reconstructions")
            .Paragraph("Top row: test images the model never trained on; bottom row: each decoded from the mean of its code q(z | x).")
            .Picture(SampleFiles.Path(dir, Prefix, "reconstructions"), "test images (top) and reconstructions (bottom)");
        report.Heading("Interpolations")
            .Paragraph("Each row walks in a straight line from the code of one test image to the code of another; a smooth latent space gives plausible clothing all the way.")
            .Picture(SampleFiles.Path(dir, Prefix, "interpolation"), "linear interpolation between codes");
        report.Heading("Latent traversal")
            .Paragraph($"Row k changes only coordinate k of one image's code, from −3 to 3, keeping the other {latent - 1} fixed " +
                $"(the first {Math.Min(10, latent)} of the {latent} coordinates are drawn). " +
                "A VAE switches off the coordinates it does not need (their posterior stays at the prior), so some rows barely change.")
            .Picture(SampleFiles.Path(dir, Prefix, "traversal"), "one latent coordinate per row");
        report.Heading("Latent space")
            .Paragraph("The test images' codes projected to 2-D with PCA and coloured by their (unseen) class: the VAE groups the classes without labels.")
            .Picture(Picture("latent-scatter.svg"), "latent codes coloured by class");
        var (header, rows) = curves.EpochTable();
        report.Heading("Training")
            .Paragraph("Loss per example in nats: the logged training steps, the mean over each epoch, and the test set at the end of each epoch. NELBO = reconstruction + KL.");
        if (lossPlot.Series.Count > 0) report.Picture(Picture("loss.svg"), "negative ELBO during training");
        report.Table(header, rows);
        report.Heading("Reproduce")
            .Paragraph("Retrain this run, draw new samples from its checkpoint, or train the same model longer:")
            .Code($"./latent demo --epochs {settings.Epochs} --seed {settings.Seed}\n./latent sample {trained.Run.Path} --n 64\n./latent train vae --epochs 30 --run vae-long");
        string index = Picture("index.html");
        report.Save(index);
        return index;
    }
}
