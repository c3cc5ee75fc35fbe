namespace Sharpdig.Capture.Live;

/// <summary>Live capture cannot start: the message says why and what to do (one line).</summary>
public sealed class LiveCaptureException(string message, string? detail = null) : Exception(message)
{
    /// <summary>Extra diagnostics (the verifier log) shown with -v.</summary>
    public string? Detail { get; } = detail;
}
