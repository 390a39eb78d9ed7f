namespace Latent.Tensors;

/// <summary>Whether ops record the autograd graph on the current thread.</summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    /// <summary>True when ops on tensors that require gradients record a backward rule.</summary>
    public static bool IsEnabled => !_disabled;

    /// <summary>Sets grad mode until the returned scope is disposed, then restores the previous mode.</summary>
    public static GradModeScope Set(bool enabled)
    {
        var scope = new GradModeScope(!_disabled);
        _disabled = !enabled;
        return scope;
    }

    /// <summary>Restores the grad mode that was active when it was created.</summary>
    public readonly struct GradModeScope : IDisposable
    {
        private readonly bool _previous;

        internal GradModeScope(bool previous) => _previous = previous;

        /// <summary>Restores the previous mode.</summary>
        public void Dispose() => _disabled = !_previous;
    }
}
