using Sharpdig.Events;

namespace Sharpdig.Capture;

/// <summary>
/// Where events come from: a capture file or the kernel. A source hands out event records in the
/// one normalized layout (scap v2 records, 0.29.3 schema codes), whatever the file version or
/// kernel program produced, so nothing downstream sees versions.
/// </summary>
public interface ICaptureSource : IDisposable
{
    /// <summary>The state snapshot of the current section (replaced when a new section starts).</summary>
    CaptureMetadata Metadata { get; }

    /// <summary>Incremented each time a new section (with fresh metadata) begins; starts at 1.</summary>
    int Section { get; }

    /// <summary>
    /// Loads the next event into <paramref name="record"/>. Returns false at a clean end.
    /// Throws <see cref="CaptureFormatException"/> when the input is damaged, after every whole
    /// event before the damage has been delivered.
    /// </summary>
    bool TryReadNext(EventRecord record);

    /// <summary>True for a live kernel capture (chisels ask this).</summary>
    bool IsLive { get; }
}
