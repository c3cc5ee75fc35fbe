using System.Buffers.Binary;
using System.Diagnostics;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;

// Capture-file tool for the benchmarks (not part of the sharpdig CLI):
//   ScapBench count FILE...                 reads every event; prints "<events> events <sections> sections <s> s <events/s> ev/s FILE"
//   ScapBench rewrite IN OUT [-z]           reads IN and writes it back with ScapFileWriter
//   ScapBench make-big IN OUT MIN_EVENTS    repeats IN's events (timestamps shifted) until OUT has >= MIN_EVENTS
return args.FirstOrDefault() switch
{
    "count" when args.Length > 1 => args.Skip(1).Select(Count).Max(),
    "rewrite" when args.Length >= 3 => Rewrite(args[1], args[2], args.Contains("-z")),
    "make-big" when args.Length == 4 => MakeBig(args[1], args[2], long.Parse(args[3])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ScapBench count FILE... | rewrite IN OUT [-z] | make-big IN OUT MIN_EVENTS");
    return 2;
}

static int Count(string path)
{
    long events = 0;
    var record = new EventRecord();
    var sw = Stopwatch.StartNew();
    try
    {
        using var reader = new ScapFileReader(path);
        while (reader.TryReadNext(record)) events++;
        double s = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"{events} events {reader.Section} sections {s:F3} s {events / s:F0} ev/s {path}");
        return 0;
    }
    catch (CaptureFormatException e)
    {
        Console.WriteLine($"{events} events, then error: {e.Message} ({path})");
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

static int MakeBig(string input, string output, long minEvents)
{
    // Load the source events once (the corpus files are small).
    var events = new List<(byte[] Record, ushort Cpu, uint Flags)>();
    CaptureMetadata meta;
    var record = new EventRecord();
    using (var reader = new ScapFileReader(input))
    {
        meta = reader.Metadata;
        while (reader.TryReadNext(record)) events.Add((record.RawRecord.ToArray(), record.Cpu, record.DumpFlags));
    }
    if (events.Count == 0) throw new InvalidOperationException("no events in " + input);
    ulong first = events.Min(e => BinaryPrimitives.ReadUInt64LittleEndian(e.Record));
    ulong last = events.Max(e => BinaryPrimitives.ReadUInt64LittleEndian(e.Record));
    ulong period = last - first + 1_000_000;   // each repetition starts 1 ms after the previous one ends

    long written = 0;
    using var writer = new ScapFileWriter(output, meta, compress: false);
    for (ulong round = 0; written < minEvents; round++)
    {
        foreach (var (rec, cpu, flags) in events)
        {
            ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(rec);
            BinaryPrimitives.WriteUInt64LittleEndian(rec, ts + (round == 0 ? 0 : period));
            record.Load(rec, 0, rec.Length, cpu, flags);
            writer.WriteEvent(record);
            written++;
        }
    }
    Console.WriteLine($"{written} events written to {output}");
    return 0;
}
