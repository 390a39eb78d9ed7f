using Latent.Models.Common;
using Latent.Models.Hybrids.Studies;

namespace Latent.Tests.Models.Hybrids;

public class CompletionPriorsStudyTests
{
    [SkippableFact]
    public void EveryPriorAndBaselineScoresTheSameHiddenHalves()
    {
        TestData.RequireFashionMnist();
        var dir = Directory.CreateTempSubdirectory("completion-priors").FullName;
        try
        {
            var study = new CompletionPriorsStudy { TrainImages = 256, TestImages = 3, Draws = 2, PixelCnnSteps = 3, VaeSteps = 30, FlowSteps = 3, SearchSteps = 10 };
            var json = study.Run(new StudyContext(dir, seed: 2));
            var psnr = json["psnr_lower_half_db"]!.AsObject();
            Assert.Equal(10, psnr.Count);
            Assert.All(psnr, kv => Assert.True(kv.Value!.GetValue<double>() is > 0 and < 100, kv.Key));
            Assert.True(File.Exists(Path.Combine(dir, "completions.png")));
            Assert.True(File.Exists(Path.Combine(dir, "completion-priors.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
