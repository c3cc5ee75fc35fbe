using System.Diagnostics;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;

// Reader-only benchmark and inspection harness: counts the events of each capture given.
//   ReaderBench count FILE...     prints "<events> <sections> FILE" (or the error) per file
var sw = Stopwatch.StartNew();
int rc = 0;
foreach (var path in args.Skip(1))
{
    long events = 0;
    var record = new EventRecord();
    try
    {
        using var reader = new ScapFileReader(path);
        while (reader.TryReadNext(record)) events++;
        Console.WriteLine($"{events} {reader.Section} {path}");
    }
    catch (CaptureFormatException e)
    {
        Console.WriteLine($"{events} ERROR {path}: {e.Message}");
        rc = 1;
    }
}
Console.Error.WriteLine($"elapsed {sw.Elapsed.TotalSeconds:F3}s");
return rc;
