namespace Sharpdig.Capture.Scap.Rotation;

/// <summary>
/// The -w family of options: where to write and when to start a new file. Zero means "not set".
/// </summary>
public sealed record RotationSettings
{
    /// <summary>The -w name (a strftime pattern when it contains '%' and -G is given).</summary>
    public required string BaseName { get; init; }
    /// <summary>-C: start a new file once the current one is larger than this many millions of bytes.</summary>
    public long SizeLimitMillions { get; init; }
    /// <summary>-G: start a new file every this many seconds of capture time.</summary>
    public long Seconds { get; init; }
    /// <summary>-W: keep at most this many files, reusing names from the first one (a ring).</summary>
    public long FileLimit { get; init; }
    /// <summary>-e: start a new file every this many written events.</summary>
    public long EventsPerFile { get; init; }
    /// <summary>-z: gzip every file.</summary>
    public bool Compress { get; init; }

    /// <summary>True when any option asks for more than one file (sysdig's "write cycling").</summary>
    public bool Cycles => SizeLimitMillions > 0 || Seconds > 0 || FileLimit > 0 || EventsPerFile > 0;

    public long SizeLimitBytes => SizeLimitMillions * 1_000_000L;
}
