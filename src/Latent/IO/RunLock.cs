namespace Latent.IO;

/// <summary>
/// One process per run directory: an exclusive lock on <c>.lock</c> in the run folder, held while the process
/// trains. The operating system drops it when the process ends, however it ends, so a crash never leaves it stuck.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="run"/>.</summary>
    /// <exception cref="InvalidOperationException">Another process holds it.</exception>
    public static RunLock Acquire(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string path = System.IO.Path.Combine(run.Path, ".lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true)) writer.Write(Environment.ProcessId);
            return new RunLock(file);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"'{run.Path}' is in use by another Latent process (it holds {path}); wait for it to finish or stop it.", e);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
