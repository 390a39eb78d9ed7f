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
}
