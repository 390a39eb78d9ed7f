using System.Diagnostics;
using System.Text.Json.Nodes;
using Latent.Tests.IO;
using static Latent.Tests.Distributed.MpiProcesses;

namespace Latent.Tests.Distributed;

/// <summary>
/// A rank killed outright (SIGKILL: no exception handler runs) mid-run: mpirun ends the other rank within seconds and
/// names the lost rank, and the last checkpoint rank 0 wrote is intact and resumes in one process.
/// </summary>
public class RankFailureTests
{
    [SkippableFact]
    public void KillingOneRankEndsTheOtherWithin10SecondsAndTheCheckpointResumes()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        string[] train = ["train", "gan", "--data", "toy:ring8", "--toy-samples", "512", "--norm", "none", "--batch-size", "64",
            "--epochs", "100000", "--checkpoint-every", "3", "--run", "killed", "--runs-dir", dir.Path];
        // Each rank writes its process id, then becomes the CLI (exec keeps the id), so the test knows whom to kill.
        string script = $"echo $$ > {dir.Path}/rank-$OMPI_COMM_WORLD_RANK.pid; exec dotnet {MpiProcesses.Cli} {string.Join(' ', train)}";
        using var job = Start(mpirun, [.. MpirunArguments(2), "bash", "-c", script]);
        string checkpoint = Path.Combine(dir.File("killed"), "checkpoints", "last.json");
        string victimFile = dir.File("rank-1.pid");
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(checkpoint) && File.Exists(victimFile) && File.ReadAllText(victimFile).Trim().Length > 0))
        {
            if (job.Process.HasExited) Assert.Fail("the 2-rank run ended before it wrote a checkpoint: " + job.Finish(TimeSpan.FromSeconds(5)).Output);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "the 2-rank run wrote no checkpoint in 120 s");
            Thread.Sleep(100);
        }
        Thread.Sleep(500); // a few more steps: the kill lands mid-run, between or during allreduces
        using (var victim = Process.GetProcessById(int.Parse(File.ReadAllText(victimFile).Trim())))
            victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var (code, output) = job.Finish(TimeSpan.FromSeconds(60));
        double seconds = sinceKill.Elapsed.TotalSeconds;
        Assert.True(seconds < 10, $"rank 0 and mpirun took {seconds:F1} s to end after rank 1 was killed:\n{output}");
        Assert.NotEqual(0, code);
        Assert.Matches(@"process rank 1 .*(signal 9|Killed)", output); // mpirun names the lost rank

        // The checkpoint is intact: one process resumes from it and takes two more steps.
        long step = JsonNode.Parse(File.ReadAllText(checkpoint))!["metadata"]!["step"]!.GetValue<long>();
        var (resumedCode, resumed) = Alone([.. train, "--resume", "--max-steps", $"{step + 2}"]);
        Assert.True(resumedCode == 0, resumed);
        Assert.Contains($"resumed from", resumed);
        Assert.Contains($"Done: {step + 2} steps.", resumed);
    }

    [SkippableFact]
    public void AnExceptionOnOneRankEndsEveryRankWithAMessageNamingIt()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        string[] Train(string runs, int steps, bool resume) =>
            ["train", "gan", "--data", "toy:ring8", "--toy-samples", "512", "--norm", "none", "--batch-size", "64", "--epochs", "1",
             "--max-steps", $"{steps}", "--run", "run", "--runs-dir", runs, .. (resume ? new[] { "--resume" } : [])];
        var first = Alone(Train(dir.File("good"), 3, resume: false));
        Assert.True(first.Code == 0, first.Output);
        // Rank 1 resumes from a copy whose weights are damaged: loading them throws inside its trainer.
        string good = Path.Combine(dir.File("good"), "run"), bad = Path.Combine(dir.File("bad"), "run");
        CopyDirectory(good, bad);
        using (var weights = File.Open(Weights(bad), FileMode.Open, FileAccess.ReadWrite))
        {
            weights.Seek(-16, SeekOrigin.End);
            weights.Write(new byte[16]);
        }
        string script = $"if [ $OMPI_COMM_WORLD_RANK = 1 ]; then r={dir.File("bad")}; else r={dir.File("good")}; fi; " +
            $"exec dotnet {MpiProcesses.Cli} {string.Join(' ', Train("$r", 6, resume: true))}";
        var clock = Stopwatch.StartNew();
        var (code, output) = Run(mpirun, [.. MpirunArguments(2), "bash", "-c", script], seconds: 60);
        Assert.NotEqual(0, code);
        Assert.Contains("rank 1 of 2: training failed", output);
        Assert.True(clock.Elapsed.TotalSeconds < 30, $"the job took {clock.Elapsed.TotalSeconds:F1} s to end:\n{output}");
        // Rank 0's run is untouched: it resumes in one process.
        var resumed = Alone(Train(dir.File("good"), 6, resume: true));
        Assert.True(resumed.Code == 0, resumed.Output);
        Assert.Contains("Done: 6 steps.", resumed.Output);
    }

    [SkippableFact]
    public void RanksWhoseParametersDriftApartStopAtTheEndOfTheEpoch()
    {
        string mpirun = RequireMpirun();
        using var dir = new TempDirectory();
        // Rank 1 is misconfigured with another learning rate: the same averaged gradients, different steps.
        string train = $"train gan --data toy:ring8 --toy-samples 512 --norm none --batch-size 64 --epochs 2 --run drift --runs-dir {dir.Path}";
        string script = $"if [ $OMPI_COMM_WORLD_RANK = 1 ]; then lr=0.002; else lr=0.001; fi; exec dotnet {MpiProcesses.Cli} {train} --lr $lr";
        var (code, output) = Run(mpirun, [.. MpirunArguments(2), "bash", "-c", script], seconds: 90);
        Assert.NotEqual(0, code);
        Assert.Contains("at step 8, 1 of 2 ranks hold parameters that differ from rank 0's: the ranks drifted apart", output);
        Assert.DoesNotContain("epoch 2/2", output); // it stopped at the first epoch's end
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
