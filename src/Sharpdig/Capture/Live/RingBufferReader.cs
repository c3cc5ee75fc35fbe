using System.Runtime.CompilerServices;

namespace Sharpdig.Capture.Live;

/// <summary>
/// Reads a BPF ring buffer map directly through mmap, without libbpf callbacks: the consumer
/// position page (read-write), then the producer position page and the data area mapped twice in a
/// row so a record that wraps is still contiguous. Each record has an 8-byte header (u32 length
/// with BUSY/DISCARD bits, u32 page offset) and is 8-byte aligned.
/// </summary>
internal sealed unsafe class RingBufferReader : IDisposable
{
    private const uint BusyBit = 1u << 31, DiscardBit = 1u << 30;
    private readonly nint _consumerMap, _producerMap;
    private readonly nuint _pageSize, _dataSize;
    private readonly ulong* _consumerPos, _producerPos;
    private readonly byte* _data;
    private readonly ulong _mask;
    private readonly ulong _releaseStep;
    private ulong _cons, _released, _knownProd, _pendingAdvance;

    public RingBufferReader(int mapFd, uint dataSize)
    {
        _pageSize = (nuint)Environment.SystemPageSize;
        _dataSize = dataSize;
        _mask = dataSize - 1;
        _consumerMap = LibC.Mmap(0, _pageSize, LibC.ProtRead | LibC.ProtWrite, LibC.MapShared, mapFd, 0);
        if (_consumerMap == -1)
            throw new LiveCaptureException($"cannot map the event ring buffer (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        _producerMap = LibC.Mmap(0, _pageSize + 2 * _dataSize, LibC.ProtRead, LibC.MapShared, mapFd, (nint)_pageSize);
        if (_producerMap == -1)
        {
            LibC.Munmap(_consumerMap, _pageSize);
            throw new LiveCaptureException($"cannot map the event ring buffer (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
        _consumerPos = (ulong*)_consumerMap;
        _producerPos = (ulong*)_producerMap;
        _data = (byte*)_producerMap + _pageSize;
        _cons = _released = _knownProd = Volatile.Read(ref *_consumerPos);
        _releaseStep = dataSize / 16;
    }

    /// <summary>
    /// The next committed record, valid until the next call. Returns false when the ring is empty
    /// (or the next record is still being written).
    /// </summary>
    /// <remarks>
    /// The producer and consumer positions sit on cache lines that the kernel program touches on
    /// every record, from another CPU. Reading the producer position once per run of records and
    /// handing space back in large steps (or when the ring runs dry) keeps those lines from
    /// bouncing between the cores on every event, which the traced programs would pay for.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out ReadOnlySpan<byte> record)
    {
        _cons += _pendingAdvance;
        _pendingAdvance = 0;
        while (true)
        {
            if (_cons >= _knownProd)
            {
                _knownProd = Volatile.Read(ref *_producerPos);
                if (_cons >= _knownProd) { Release(); record = default; return false; }
            }
            byte* hdr = _data + (_cons & _mask);
            uint len = Volatile.Read(ref *(uint*)hdr);
            if ((len & BusyBit) != 0) { Release(); record = default; return false; }
            uint size = len & ~(BusyBit | DiscardBit);
            ulong step = (size + 8 + 7) & ~7UL;
            if ((len & DiscardBit) != 0) { _cons += step; continue; }
            if (_cons - _released >= _releaseStep) Release();
            record = new ReadOnlySpan<byte>(hdr + 8, (int)size);
            _pendingAdvance = step;
            return true;
        }
    }

    /// <summary>Hands the space of every record consumed so far back to the kernel.</summary>
    private void Release()
    {
        if (_released == _cons) return;
        _released = _cons;
        Volatile.Write(ref *_consumerPos, _cons);
    }

    public void Dispose()
    {
        LibC.Munmap(_consumerMap, _pageSize);
        LibC.Munmap(_producerMap, _pageSize + 2 * _dataSize);
    }
}
