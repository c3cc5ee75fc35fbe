namespace Sharpdig.Capture;

/// <summary>A capture that cannot be read further. Offset is in the decompressed block stream.</summary>
public sealed class CaptureFormatException(string message, long offset, bool duringOpen = false)
    : Exception(message)
{
    public long Offset { get; } = offset;
    /// <summary>True when the damage is in the header section, before any event.</summary>
    public bool DuringOpen { get; } = duringOpen;
}
