using System.Diagnostics;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;

// Reader/writer harness for benchmarks and quick checks (not part of the sharpdig CLI).
//   ReaderBench count FILE...          prints "<events> <sections> FILE" (or the error) per file
//   ReaderBench rewrite IN OUT [-z]    reads IN and writes it back with ScapFileWriter
var sw = Stopwatch.StartNew();
int rc = 0;
switch (args.FirstOrDefault())
{
    case "count":
        foreach (var path in args.Skip(1)) rc |= Count(path);
        break;
    case "rewrite":
        rc = Rewrite(args[1], args[2], args.Contains("-z"));
        break;
    default:
        Console.Error.WriteLine("usage: ReaderBench count FILE... | rewrite IN OUT [-z]");
        return 2;
}
Console.Error.WriteLine($"elapsed {sw.Elapsed.TotalSeconds:F3}s");
return rc;

static int Count(string path)
{
    long events = 0;
    var record = new EventRecord();
    try
    {
        using var reader = new ScapFileReader(path);
        while (reader.TryReadNext(record)) events++;
        Console.WriteLine($"{events} {reader.Section} {path}");
        return 0;
    }
    catch (CaptureFormatException e)
    {
        Console.WriteLine($"{events} ERROR {path}: {e.Message}");
        return 1;
    }
}

static int Rewrite(string input, string output, bool compress)
{
    var record = new EventRecord();
    using var reader = new ScapFileReader(input);
    using var writer = new ScapFileWriter(output, reader.Metadata, compress);
    while (reader.TryReadNext(record)) writer.WriteEvent(record);
    return 0;
}
