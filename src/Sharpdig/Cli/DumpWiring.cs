using Sharpdig.Capture.Scap.Rotation;
using Sharpdig.Dump;

namespace Sharpdig.Cli;

/// <summary>
/// Turns the -w family of options (-C, -G, -W, -e, -z, -F, -E, --filter-proclist) into the loop's
/// capture dumper, rejecting values sysdig rejects.
/// </summary>
internal static class DumpWiring
{
    /// <param name="stdout">Where "-w -" writes.</param>
    public static CaptureDumpSink? Configure(EventLoop loop, CommandLineOptions o, bool live, Stream stdout)
    {
        if (o.WriteFile is null) return null;
        Positive(o.FileSizeMb, "invalid file size");
        Positive(o.RotateSeconds, "invalid duration");
        Positive(o.FileLimit, "invalid file limit");
        Positive(o.EventsPerFile, "invalid parameter 'number of events'");
        if (o.FilterProcList && loop.Filter is null)
            throw new CommandLineException("you must specify a filter if you use --filter-proclist.");
        if (o.FilterProcList && live)
            throw new CommandLineException("--filter-proclist not supported with live captures.");

        var settings = new RotationSettings
        {
            BaseName = o.WriteFile,
            SizeLimitMillions = o.FileSizeMb ?? 0,
            Seconds = o.RotateSeconds ?? 0,
            FileLimit = o.FileLimit ?? 0,
            EventsPerFile = o.EventsPerFile ?? 0,
            Compress = o.Compress,
        };
        var options = new DumpOptions
        {
            FatFile = o.FatFile,
            ExcludeUsers = o.ExcludeUsers,
            ProcessListFilter = o.FilterProcList ? loop.Filter : null,
        };
        var sink = new CaptureDumpSink(settings, options, live, standardOutput: stdout);
        loop.Dumper = sink;
        return sink;
    }

    private static void Positive(long? value, string message)
    {
        if (value is { } v && v <= 0) throw new CommandLineException($"{message} {v}");
    }
}
