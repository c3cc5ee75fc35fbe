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
    private readonly ScapFileReader _reader;
    private readonly RecordBatchQueue _queue = new();
    private Thread? _thread;

    private readonly RecordBatchCursor _cursor;
    private RecordBatch? _filling;          // the producer's batch

    public ReadAheadReader(ScapFileReader reader)
    {
        _reader = reader;
        Metadata = reader.Metadata;
        Section = reader.Section;
        reader.BeforeRead = HandOverPartial;
        _cursor = new RecordBatchCursor(_queue, q => { _thread ??= StartProducer(); return q.Take()!; })
        {
            BatchStarted = b => { if (b.Section != Section) { Metadata = b.Metadata; Section = b.Section; } },
        };
    }

    public CaptureMetadata Metadata { get; private set; }
    public int Section { get; private set; }
    public bool IsLive => false;

    public bool TryReadNext(EventRecord record) => _cursor.TryReadNext(record);

    private Thread StartProducer()
    {
        var t = new Thread(Produce) { IsBackground = true, Name = "capture reader" };
        t.Start();
        return t;
    }

    private void Produce()
    {
        if (!BeginBatch()) return;
        try
        {
            while (true)
            {
                // Records are only copied here: the consumer decodes them.
                if (!_reader.TryReadNextRaw(out int start, out int length, out ushort cpu, out uint dumpFlags))
                { _filling!.End = true; Publish(); return; }
                if (_reader.Section != _filling!.Section)
                {
                    if (_filling.Count > 0) { Publish(); if (!BeginBatch()) return; }
                    else { _filling.Section = _reader.Section; _filling.Metadata = _reader.Metadata; }
                }
                var raw = _reader.RawBuffer.AsSpan(start, length);
                if (!_filling.Fits(raw.Length))
                {
                    if (_filling.Count > 0) { Publish(); if (!BeginBatch()) return; }
                    _filling.EnsureRoom(raw.Length);
                }
                _filling.Add(raw, cpu, dumpFlags);
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
        _filling = _queue.BeginBatch();
        _filling?.Reset(_reader.Section, _reader.Metadata);
        return _filling is not null;
    }

    private void Publish()
    {
        _filling = null;
        _queue.Publish();
    }

    public void Dispose()
    {
        _queue.Close();
        // The reader thread stops at its next batch. It may instead be blocked in a read (a pipe):
        // it is a background thread, and the stream's handle is only closed once that read returns.
        _thread?.Join(TimeSpan.FromMilliseconds(500));
        _reader.Dispose();
    }
}
