using System.Runtime.ExceptionServices;
using Sharpdig.Events;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Runs a <see cref="ScapFileReader"/> on a second thread, so that reading the file, decompressing
/// it and walking its blocks overlap with the state engine, filters and output on the main thread.
/// The reader thread copies each event record into a batch; full batches are handed over through a
/// small ring and recycled, so the steady state allocates nothing.
///
/// Ordering guarantees are those of the reader: events come in file order, a new section starts a
/// new batch (so <see cref="Metadata"/> and <see cref="Section"/> change exactly before its first
/// event), and damage is thrown only after every whole event before it was delivered. Before any
/// read that may block (a pipe that has no more data yet), the partial batch is handed over, so a
/// slow producer's events are not held back.
/// </summary>
public sealed class ReadAheadReader : ICaptureSource
{
    private const int BatchCount = 4;
    private const int BatchBytes = 256 * 1024;
    private const int BatchEvents = 8192;

    private readonly ScapFileReader _reader;
    private readonly Batch[] _ring = new Batch[BatchCount];
    private readonly object _lock = new();
    private int _fullHead, _fullCount;      // batches ready for the consumer, in order
    private int _freeCount = BatchCount;    // batches the producer may fill (the others are full or in use)
    private bool _disposed;
    private Thread? _thread;

    private Batch? _current;                // the consumer's batch
    private int _next;                      // index of the next event in it
    private bool _ended;

    // Producer side
    private Batch? _filling;
    private int _fillIndex;                 // ring slot of the batch being filled

    public ReadAheadReader(ScapFileReader reader)
    {
        _reader = reader;
        for (int i = 0; i < BatchCount; i++) _ring[i] = new Batch();
        Metadata = reader.Metadata;
        Section = reader.Section;
        reader.BeforeRead = HandOverPartial;
    }

    public CaptureMetadata Metadata { get; private set; }
    public int Section { get; private set; }
    public bool IsLive => false;

    public bool TryReadNext(EventRecord record)
    {
        while (_current is null || _next >= _current.Count)
        {
            if (_current is not null)
            {
                if (_current.Error is { } error) { _ended = true; _current = null; error.Throw(); }
                if (_current.End) { _ended = true; _current = null; }
                else Release();
            }
            if (_ended) return false;
            _current = Take();
            _next = 0;
            if (_current.Section != Section) { Metadata = _current.Metadata; Section = _current.Section; }
        }
        var b = _current;
        int i = _next++;
        record.Load(b.Data, b.Offsets[i], b.Lengths[i], b.Cpus[i], b.Flags[i]);
        return true;
    }

    // ---- consumer / producer hand-over -------------------------------------------------------

    private Batch Take()
    {
        _thread ??= StartProducer();
        lock (_lock)
        {
            while (_fullCount == 0) Monitor.Wait(_lock);
            return _ring[_fullHead];
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            _fullHead = (_fullHead + 1) % BatchCount;
            _fullCount--;
            _freeCount++;
            Monitor.PulseAll(_lock);
        }
        _current = null;
    }

    private Thread StartProducer()
    {
        var t = new Thread(Produce) { IsBackground = true, Name = "capture reader" };
        t.Start();
        return t;
    }

    private void Produce()
    {
        var record = new EventRecord();
        if (!BeginBatch()) return;
        try
        {
            while (true)
            {
                if (!_reader.TryReadNext(record)) { _filling!.End = true; Publish(); return; }
                if (_reader.Section != _filling!.Section)
                {
                    if (_filling.Count > 0) { Publish(); if (!BeginBatch()) return; }
                    else { _filling.Section = _reader.Section; _filling.Metadata = _reader.Metadata; }
                }
                var raw = record.RawRecord;
                if (!_filling.Fits(raw.Length))
                {
                    if (_filling.Count > 0) { Publish(); if (!BeginBatch()) return; }
                    _filling.EnsureRoom(raw.Length);
                }
                _filling.Add(raw, record.Cpu, record.DumpFlags);
            }
        }
        catch (Exception e)
        {
            if (_filling is null) return;
            _filling.Error = ExceptionDispatchInfo.Capture(e);
            Publish();
        }
    }

    /// <summary>Before a read that may block: let the consumer have what is already decoded.</summary>
    private void HandOverPartial()
    {
        if (_filling is not { Count: > 0 }) return;
        Publish();
        if (!BeginBatch()) throw new OperationCanceledException();   // disposed: stop the reader thread
    }

    private bool BeginBatch()
    {
        lock (_lock)
        {
            while (_freeCount == 0 && !_disposed) Monitor.Wait(_lock);
            if (_disposed) { _filling = null; return false; }
            _freeCount--;
            _fillIndex = (_fullHead + _fullCount) % BatchCount;   // right after the full ones (the consumer's included)
        }
        _filling = _ring[_fillIndex];
        _filling.Reset(_reader.Section, _reader.Metadata);
        return true;
    }

    private void Publish()
    {
        lock (_lock)
        {
            _fullCount++;
            Monitor.PulseAll(_lock);
        }
        _filling = null;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            Monitor.PulseAll(_lock);
        }
        // The reader thread stops at its next batch. It may instead be blocked in a read (a pipe):
        // it is a background thread, and the stream's handle is only closed once that read returns.
        _thread?.Join(TimeSpan.FromMilliseconds(500));
        _reader.Dispose();
    }

    /// <summary>Copies of consecutive event records, with what EventRecord.Load needs for each.</summary>
    private sealed class Batch
    {
        public byte[] Data = new byte[BatchBytes];
        public readonly int[] Offsets = new int[BatchEvents];
        public readonly int[] Lengths = new int[BatchEvents];
        public readonly ushort[] Cpus = new ushort[BatchEvents];
        public readonly uint[] Flags = new uint[BatchEvents];
        public int Count, Used;
        public int Section;
        public CaptureMetadata Metadata = null!;
        public bool End;
        public ExceptionDispatchInfo? Error;

        public void Reset(int section, CaptureMetadata metadata)
        {
            Count = 0; Used = 0; End = false; Error = null;
            Section = section; Metadata = metadata;
        }

        public bool Fits(int length) => Count < BatchEvents && Used + length <= Data.Length;

        /// <summary>An empty batch grows for one event bigger than it (LARGE blocks).</summary>
        public void EnsureRoom(int length)
        {
            if (length > Data.Length) Data = new byte[length];
        }

        public void Add(ReadOnlySpan<byte> raw, ushort cpu, uint flags)
        {
            raw.CopyTo(Data.AsSpan(Used));
            Offsets[Count] = Used; Lengths[Count] = raw.Length; Cpus[Count] = cpu; Flags[Count] = flags;
            Used += raw.Length;
            Count++;
        }
    }
}
