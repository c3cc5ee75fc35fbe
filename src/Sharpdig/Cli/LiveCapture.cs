using Sharpdig.Capture;

namespace Sharpdig.Cli;

/// <summary>
/// Where Program gets a live event source when no -r file is given. The live-capture layer sets
/// <see cref="Open"/> (for example from a module initializer); it returns the source or throws
/// <see cref="CommandLineException"/> with a one-line reason.
/// </summary>
public static class LiveCapture
{
    public static Func<CommandLineOptions, ICaptureSource>? Open { get; set; }
}
