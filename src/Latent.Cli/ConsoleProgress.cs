using System.Diagnostics;
using System.Globalization;
using Latent.Training;
using Spectre.Console;

namespace Latent.Cli;

/// <summary>
/// Training progress for people and for logs: a live bar with rate, ETA and loss in an interactive terminal, plain
/// lines (about every 5 % or 15 s) when the output is redirected or <c>CI=true</c>.
/// </summary>
internal sealed class ConsoleProgress : ITrainingProgress
{
    private readonly string _title;
    private readonly Stopwatch _clock = new();
    private ProgressTask? _task;
    private long _total, _start, _lastPrintedStep;
    private TimeSpan _lastPrint;

    public ConsoleProgress(string title) => _title = title;

    /// <summary>True when a live bar can be drawn.</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        && Environment.UserInteractive;

    /// <summary>Runs <paramref name="work"/> with this progress attached: inside a live display when interactive.</summary>
    public T Run<T>(Func<ITrainingProgress, T> work)
    {
        if (!IsInteractive) return work(this);
        T result = default!;
        // A narrow terminal drops the bar before the numbers: the losses and the ETA are what people read.
        ProgressColumn[] columns = Width >= 120
            ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn()]
            : [new TaskDescriptionColumn(), new PercentageColumn(), new RemainingTimeColumn()];
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(columns)
            .Start(ctx =>
            {
                _task = ctx.AddTask(Markup.Escape(_title), autoStart: false);
                result = work(this);
            });
        return result;
    }

    public void Start(long totalSteps, long startStep)
    {
        _total = totalSteps;
        _start = _lastPrintedStep = startStep;
        _clock.Restart();
        if (_task != null)
        {
            _task.MaxValue = Math.Max(1, totalSteps);
            _task.Value = startStep;
            _task.StartTask();
        }
        else Console.WriteLine($"{_title}: {totalSteps} steps{(startStep > 0 ? $", resuming at step {startStep}" : "")}");
    }

    public void Step(long step, int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        if (_task != null)
        {
            _task.Value = step;
            string line = $"epoch {epoch + 1} · {Shown(metrics)} · {Rate(step):F1} it/s";
            if (Width >= 120) line = $"{_title} · {line}";
            int room = Math.Max(20, Width - (Width >= 120 ? 60 : 22)); // what the other columns leave
            _task.Description = Markup.Escape(line.Length > room ? line[..(room - 1)] + "…" : line);
            return;
        }
        // Plain output prints every 5 % or 15 s; the line is only formatted when it is due.
        bool due = step == _total || step - _lastPrintedStep >= Math.Max(1, _total / 20) || _clock.Elapsed - _lastPrint > TimeSpan.FromSeconds(15);
        if (!due) return;
        double rate = Rate(step);
        string shown = Shown(metrics);
        _lastPrintedStep = step;
        _lastPrint = _clock.Elapsed;
        double eta = rate > 0 ? (_total - step) / rate : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {step}/{_total} ({100.0 * step / Math.Max(1, _total):F0}%) epoch {epoch + 1} {shown} {rate:F1} it/s eta {TimeSpan.FromSeconds(eta):hh\\:mm\\:ss}"));
    }

    private double Rate(long step) => (step - _start) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);

    /// <summary>Every term the model reports, in its order (a GAN's g_loss included).</summary>
    private static string Shown(IReadOnlyDictionary<string, double> metrics)
        => string.Join(" ", metrics.Select(kv => $"{kv.Key} {Format(kv.Value)}"));

    private static int Width
    {
        get
        {
            try { return Console.WindowWidth > 0 ? Console.WindowWidth : 80; }
            catch (IOException) { return 80; }
        }
    }

    public void Message(string text)
    {
        if (_task != null) AnsiConsole.MarkupLine(Markup.Escape(text));
        else Console.WriteLine(text);
    }

    public void Finish() => _task?.StopTask();

    private static string Format(double v) => v.ToString(Math.Abs(v) >= 100 ? "F1" : "G4", CultureInfo.InvariantCulture);
}
