using System.Runtime.ExceptionServices;

namespace Sharpdig.Capture;

/// <summary>
/// Copies of consecutive event records, with what EventRecord.Load needs for each. A producer
/// thread fills one while the consumer reads another (see <see cref="RecordBatchQueue"/>).
/// </summary>
public sealed class RecordBatch
{
    public const int DefaultBytes = 256 * 1024;
    public const int MaxEvents = 8192;

    public byte[] Data = new byte[DefaultBytes];
    public readonly int[] Offsets = new int[MaxEvents];
    public readonly int[] Lengths = new int[MaxEvents];
    public readonly ushort[] Cpus = new ushort[MaxEvents];
    public readonly uint[] Flags = new uint[MaxEvents];
    public int Count, Used;
    /// <summary>The capture section (and its metadata) every event of the batch belongs to.</summary>
    public int Section;
    public CaptureMetadata Metadata = null!;
    /// <summary>The source ends after this batch.</summary>
    public bool End;
    /// <summary>The source failed after this batch's events (thrown once they are delivered).</summary>
    public ExceptionDispatchInfo? Error;

    public void Reset(int section, CaptureMetadata metadata)
    {
        Count = 0; Used = 0; End = false; Error = null;
        Section = section; Metadata = metadata;
    }

    public bool Fits(int length) => Count < MaxEvents && Used + length <= Data.Length;

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

    /// <summary>Timestamp of event <paramref name="i"/> (the first 8 bytes of a record).</summary>
    public ulong TimestampAt(int i) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Data.AsSpan(Offsets[i]));

    /// <summary>Puts the events in timestamp order, keeping the order of equal ones (a no-op when already sorted).</summary>
    public void SortByTimestamp()
    {
        int i = 1;
        while (i < Count && TimestampAt(i - 1) <= TimestampAt(i)) i++;
        if (i >= Count) return;
        // Insertion sort on the index arrays: batches are nearly sorted (a shared ring commits in
        // almost timestamp order), so each out-of-place event moves a short way.
        for (; i < Count; i++)
        {
            ulong ts = TimestampAt(i);
            int off = Offsets[i], len = Lengths[i]; ushort cpu = Cpus[i]; uint fl = Flags[i];
            int j = i - 1;
            while (j >= 0 && TimestampAt(j) > ts)
            {
                Offsets[j + 1] = Offsets[j]; Lengths[j + 1] = Lengths[j]; Cpus[j + 1] = Cpus[j]; Flags[j + 1] = Flags[j];
                j--;
            }
            Offsets[j + 1] = off; Lengths[j + 1] = len; Cpus[j + 1] = cpu; Flags[j + 1] = fl;
        }
    }
}

/// <summary>
/// A small ring of <see cref="RecordBatch"/>es between one producer thread and one consumer
/// thread: the producer fills free batches and publishes them in order, the consumer takes them in
/// that order and releases each when done. The batches are reused, so the steady state allocates
/// nothing.
/// </summary>
public sealed class RecordBatchQueue
{
    private readonly RecordBatch[] _ring;
    private readonly object _lock = new();
    private int _fullHead, _fullCount;   // published batches, oldest first (the consumer's included)
    private int _freeCount;              // batches the producer may fill
    private bool _closed;

    public RecordBatchQueue(int batches = 4)
    {
        _ring = new RecordBatch[batches];
        for (int i = 0; i < batches; i++) _ring[i] = new RecordBatch();
        _freeCount = batches;
    }

    /// <summary>Producer: a free batch to fill (waits for one), or null once the queue is closed.</summary>
    public RecordBatch? BeginBatch()
    {
        lock (_lock)
        {
            while (_freeCount == 0 && !_closed) Monitor.Wait(_lock);
            if (_closed) return null;
            _freeCount--;
            return _ring[(_fullHead + _fullCount) % _ring.Length];   // right after the published ones
        }
    }

    /// <summary>Producer: hands the batch from <see cref="BeginBatch"/> to the consumer.</summary>
    public void Publish()
    {
        lock (_lock)
        {
            _fullCount++;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Consumer: the oldest published batch, or null if none comes within the timeout (-1 = wait).</summary>
    public RecordBatch? Take(int timeoutMs = -1)
    {
        lock (_lock)
        {
            while (_fullCount == 0)
            {
                if (!Monitor.Wait(_lock, timeoutMs)) return null;
            }
            return _ring[_fullHead];
        }
    }

    /// <summary>Consumer: done with the batch <see cref="Take"/> returned.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _fullHead = (_fullHead + 1) % _ring.Length;
            _fullCount--;
            _freeCount++;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Wakes and stops the producer (its <see cref="BeginBatch"/> returns null from now on).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Monitor.PulseAll(_lock);
        }
    }
}

/// <summary>
/// The consumer's end of a <see cref="RecordBatchQueue"/>: hands out the events of the published
/// batches one at a time, releases each batch once read, ends after the batch marked
/// <see cref="RecordBatch.End"/> and rethrows the producer's error after the batch carrying it.
/// </summary>
public sealed class RecordBatchCursor(RecordBatchQueue queue, Func<RecordBatchQueue, RecordBatch> take)
{
    private RecordBatch? _current;
    private int _next;
    private bool _ended;

    /// <summary>Called with each new batch before its first event is handed out.</summary>
    public Action<RecordBatch>? BatchStarted { get; init; }

    public bool TryReadNext(Events.EventRecord record)
    {
        while (_current is null || _next >= _current.Count)
        {
            if (_current is not null)
            {
                var done = _current;
                _current = null;
                if (done.Error is { } error) { _ended = true; error.Throw(); }
                if (done.End) _ended = true;
                else queue.Release();
            }
            if (_ended) return false;
            _current = take(queue);
            _next = 0;
            BatchStarted?.Invoke(_current);
        }
        var b = _current;
        int i = _next++;
        record.Load(b.Data, b.Offsets[i], b.Lengths[i], b.Cpus[i], b.Flags[i]);
        return true;
    }
}
