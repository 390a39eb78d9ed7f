using Latent.Models.Common;
using Latent.Models.Siamese;
using Latent.Models.Siamese.Studies;

namespace Latent.Tests.Models.Siamese;

public class OneShotStudyTests
{
    [SkippableFact]
    public void TheQuickStudyTrainsOnTheFontsAndReportsKochsEpisodesBesideThePixelBaseline()
    {
        Skip.If(!Directory.Exists(HersheyFont.DefaultDirectory), "Hershey fonts are not installed (apt-get install hershey-fonts-data).");
        using var dir = new Latent.Tests.IO.TempDirectory();
        var study = OneShotStudy.Quick([SiameseLoss.Contrastive], [SiameseDataset.Fonts]);
        var json = study.Run(new StudyContext(dir.Path, seed: 3));
        var rows = json["results"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var model = rows[0]!;
        var pixels = rows[1]!;
        Assert.Equal("contrastive", (string)model["loss"]!);
        Assert.Equal("nearest neighbour on pixels", (string)pixels["loss"]!);
        Assert.True((double)model["loss_last_20_steps"]! < (double)model["loss_first_20_steps"]!, model.ToJsonString());
        foreach (string key in new[] { "oneshot_5way", "oneshot_20way" })
        {
            Assert.InRange((double)model[key]!, 0.0, 1.0);
            // Koch's episodes on 18 fonts: the pixel baseline is well above chance (1/N) and below perfect.
            Assert.InRange((double)pixels[key]!, key == "oneshot_5way" ? 0.2 : 0.05, 0.99);
        }
        Assert.Equal(30, (int)json["steps"]!);
        Assert.Contains("one font", (string)json["font_episodes"]!);
        Assert.True(File.Exists(dir.File("embedding-fonts.svg")));
    }
}
