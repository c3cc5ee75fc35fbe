using System.Buffers.Binary;
using Sharpdig.Events;

namespace Sharpdig.Capture.Live;

/// <summary>
/// Writes one scap v2 event record (26-byte header, parameter lengths, payloads) into a reusable
/// buffer, parameter by parameter, in the order of the 0.29.3 event table. <see cref="End"/>
/// refuses a record whose parameter count differs from the table's, so a decoder bug can never
/// produce a file the real sysdig misreads.
/// </summary>
internal sealed class ScapRecordBuilder
{
    public const int MaxRecord = 65000;
    private readonly byte[] _buf = new byte[MaxRecord + 8192];
    private int _expected, _count, _lenPos, _dataPos, _width;
    private ushort _type;

    public byte[] Buffer => _buf;

    public void Begin(ulong timestamp, long tid, int type)
    {
        var info = EventTable.Get(type);
        _type = (ushort)type;
        _expected = info.Parameters.Length;
        _width = info.HasLargePayload ? 4 : 2;
        _count = 0;
        BinaryPrimitives.WriteUInt64LittleEndian(_buf, timestamp);
        BinaryPrimitives.WriteInt64LittleEndian(_buf.AsSpan(8), tid);
        _lenPos = EventRecord.HeaderSize;
        _dataPos = EventRecord.HeaderSize + _expected * _width;
    }

    /// <summary>Finishes the record and returns its length.</summary>
    public int End()
    {
        if (_count != _expected)
            throw new InvalidOperationException($"live decoder wrote {_count} parameters for {EventTable.Get(_type)}, the table has {_expected}");
        BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(16), (uint)_dataPos);
        BinaryPrimitives.WriteUInt16LittleEndian(_buf.AsSpan(20), _type);
        BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(22), (uint)_expected);
        return _dataPos;
    }

    private Span<byte> Next(int length)
    {
        if (_count >= _expected)
            throw new InvalidOperationException($"live decoder wrote too many parameters for {EventTable.Get(_type)}");
        if (_dataPos + length > MaxRecord) length = Math.Max(0, MaxRecord - _dataPos);
        if (_width == 2) BinaryPrimitives.WriteUInt16LittleEndian(_buf.AsSpan(_lenPos), (ushort)length);
        else BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(_lenPos), (uint)length);
        _lenPos += _width;
        _count++;
        var span = _buf.AsSpan(_dataPos, length);
        _dataPos += length;
        return span;
    }

    public void U8(uint v) => Next(1)[0] = (byte)v;
    public void U16(uint v) => BinaryPrimitives.WriteUInt16LittleEndian(Next(2), (ushort)v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Next(4), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Next(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Next(8), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Next(8), v);

    /// <summary>A BYTEBUF (or any raw payload) copied as is.</summary>
    public void Bytes(ReadOnlySpan<byte> data)
    {
        var dst = Next(data.Length);
        data[..dst.Length].CopyTo(dst);
    }

    /// <summary>A CHARBUF/FSPATH: the bytes up to the first NUL, always NUL terminated.</summary>
    public void String(ReadOnlySpan<byte> s)
    {
        int nul = s.IndexOf((byte)0);
        if (nul >= 0) s = s[..nul];
        if (s.Length > 4095) s = s[..4095];
        var dst = Next(s.Length + 1);
        if (dst.Length == 0) return;
        s[..(dst.Length - 1)].CopyTo(dst);
        dst[^1] = 0;
    }

    /// <summary>A parameter whose payload is built in place (sockaddr, tuple, fd list).</summary>
    public Span<byte> Raw(int length) => Next(length);

    /// <summary>An empty (zero length) parameter, e.g. a SOCKADDR/SOCKTUPLE printed as NULL.</summary>
    public void Empty() => Next(0);
}
