using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sharpdig.Events;

/// <summary>
/// One event record in the scap v2 layout (26-byte header, parameter lengths, payloads), viewed in
/// place over a buffer owned by the capture source. Sources reuse one instance: it is valid only
/// until the source reads the next event. Call <see cref="CopyTo"/> to keep one.
/// Parameters are located lazily, on first access.
/// </summary>
public sealed class EventRecord
{
    public const int HeaderSize = 26;

    private byte[] _buffer = [];
    private int _start;
    private int _length;
    private EventInfo _info = null!;
    private int _paramCount;
    private int _located = -1;           // how many parameters have offsets computed; -1 = none yet
    private int[] _offsets = new int[8];
    private int[] _lengths = new int[8];

    /// <summary>1-based number among all events delivered by the source (evt.num). Set by the engine.</summary>
    public long Number { get; set; }
    public ulong Timestamp { get; private set; }
    public long ThreadId { get; private set; }
    public ushort Type { get; private set; }
    public ushort Cpu { get; private set; }
    /// <summary>EVF block dump flags (bit 0 = state only: apply to state, never show).</summary>
    public uint DumpFlags { get; private set; }
    public EventInfo Info => _info;
    /// <summary>Parameter count written in the record (may differ from the schema's).</summary>
    public int DeclaredParamCount => _paramCount;
    /// <summary>Parameters usable by renderers: min(record count, schema count).</summary>
    public int ParamCount => Math.Min(_paramCount, _info.Parameters.Length);
    public bool IsStateOnly => (DumpFlags & 1) != 0;

    /// <summary>The whole record as stored (header included).</summary>
    public ReadOnlySpan<byte> RawRecord => _buffer.AsSpan(_start, _length);
    public byte[] Buffer => _buffer;
    public int RecordOffset => _start;
    public int RecordLength => _length;

    /// <summary>
    /// Points this view at a v2 record. The caller guarantees the header fits and that the type is
    /// in the schema; parameter lengths are checked lazily and out-of-range ones read as empty.
    /// </summary>
    public void Load(byte[] buffer, int start, int length, ushort cpu, uint dumpFlags)
    {
        var span = buffer.AsSpan(start, length);
        // Sources hand the same buffer again and again: skipping the store saves a GC write barrier.
        if (!ReferenceEquals(_buffer, buffer)) _buffer = buffer;
        _start = start; _length = length;
        Timestamp = BinaryPrimitives.ReadUInt64LittleEndian(span);
        ThreadId = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        Type = BinaryPrimitives.ReadUInt16LittleEndian(span[20..]);
        _paramCount = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(span[22..]), 1024u);
        var info = EventTable.Get(Type);
        if (!ReferenceEquals(_info, info)) _info = info;
        Cpu = cpu; DumpFlags = dumpFlags;
        _located = -1;
    }

    /// <summary>The payload of parameter <paramref name="index"/>; empty if absent or damaged.</summary>
    public ReadOnlySpan<byte> GetParam(int index)
    {
        if ((uint)index >= (uint)_paramCount) return default;
        if (_located < 0)
        {
            // The state engine reads parameter 0 (fd, res) of most events and nothing else: its
            // place is fixed, so the others need not be located for it.
            if (index == 0) return FirstParam();
            Locate();
        }
        return index < _located ? _buffer.AsSpan(_offsets[index], _lengths[index]) : default;
    }

    /// <summary>Parameter 0 without locating the others (same checks as <see cref="Locate"/>).</summary>
    private ReadOnlySpan<byte> FirstParam()
    {
        int width = _info.HasLargePayload ? 4 : 2;
        var span = _buffer.AsSpan(_start, _length);
        int dataPos = HeaderSize + _paramCount * width;
        if (HeaderSize + width > span.Length) return default;
        int len = width == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(span[HeaderSize..])
            : (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(span[HeaderSize..]), int.MaxValue);
        if (dataPos + (long)len > span.Length) return default;
        return span.Slice(dataPos, len);
    }

    /// <summary>Length of parameter <paramref name="index"/> as written, or -1 if absent.</summary>
    public int GetParamLength(int index)
    {
        if ((uint)index >= (uint)_paramCount) return -1;
        if (_located < 0) Locate();
        return index < _located ? _lengths[index] : -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Locate()
    {
        int n = _paramCount;
        if (_offsets.Length < n) { _offsets = new int[n]; _lengths = new int[n]; }
        int width = _info.HasLargePayload ? 4 : 2;
        var span = _buffer.AsSpan(_start, _length);
        int lenPos = HeaderSize;
        int dataPos = HeaderSize + n * width;
        int located = 0;
        for (int i = 0; i < n; i++, lenPos += width)
        {
            if (lenPos + width > span.Length) break;
            int len = width == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(span[lenPos..])
                : (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(span[lenPos..]), int.MaxValue);
            if (dataPos + (long)len > span.Length) break;   // damaged: treat the rest as absent
            _offsets[i] = _start + dataPos;
            _lengths[i] = len;
            dataPos += len;
            located++;
        }
        _located = located;
    }

    /// <summary>Copies the record into <paramref name="target"/>, which then owns its own bytes.</summary>
    public void CopyTo(EventRecord target)
    {
        var copy = RawRecord.ToArray();
        target.Load(copy, 0, copy.Length, Cpu, DumpFlags);
        target.Number = Number;
    }

    public override string ToString() => $"#{Number} {Info} tid={ThreadId} ts={Timestamp}";
}
