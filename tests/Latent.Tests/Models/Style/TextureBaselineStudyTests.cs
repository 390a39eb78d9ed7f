using Latent.Models.Common;
using Latent.Models.Style.Studies;

namespace Latent.Tests.Models.Style;

public class TextureBaselineStudyTests
{
    [SkippableFact]
    public void TheStudyWritesItsPictureAndLowersTheStyleLossOfEachTexture()
    {
        string brick = Path.Combine(TextureBaselineStudy.SkimageData, "brick.png");
        Skip.IfNot(File.Exists(brick), $"{brick} is missing (apt-get install python3-skimage).");
        using var dir = new Latent.Tests.IO.TempDirectory();
        var study = new TextureBaselineStudy { Textures = ["brick.png"], Size = 24, Evaluations = 15, IncludeResNet = false };
        var json = study.Run(new StudyContext(dir.Path, seed: 2));
        Assert.True(File.Exists(dir.File("textures.png")));
        var random = json["textures"]!["brick"]!["random-filters"]!;
        Assert.True((double)random["style_final"]! < 0.5 * (double)random["style_start"]!);
    }
}
