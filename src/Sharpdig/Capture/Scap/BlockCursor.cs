using System.Buffers.Binary;
using System.Text;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Bounds-checked little-endian reads over one block body. Every read past the end throws a
/// <see cref="CaptureFormatException"/> naming the block and the file offset, so a damaged length
/// field can never make a decoder read outside its block.
/// </summary>
internal ref struct BlockCursor
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly long _bodyOffset;
    private readonly string _blockName;
    private readonly bool _duringOpen;
    private int _pos;

    public BlockCursor(ReadOnlySpan<byte> body, long bodyOffset, string blockName, bool duringOpen)
    {
        _body = body; _bodyOffset = bodyOffset; _blockName = blockName; _duringOpen = duringOpen; _pos = 0;
    }

    public int Position => _pos;
    public int Remaining => _body.Length - _pos;
    /// <summary>File offset of the cursor.</summary>
    public long Offset => _bodyOffset + _pos;

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
            throw Error($"needs {count} more bytes but only {Remaining} remain");
        var span = _body.Slice(_pos, count);
        _pos += count;
        return span;
    }

    public void Skip(int count) => Take(count);

    /// <summary>A u16-length-prefixed byte string (no NUL), as UTF-8 text.</summary>
    public string String16() => Encoding.UTF8.GetString(Take(U16()));

    /// <summary>A u16-length-prefixed byte string kept as bytes.</summary>
    public byte[] Bytes16() => Take(U16()).ToArray();

    /// <summary>A sub-cursor over the next <paramref name="count"/> bytes (an entry with a length prefix).</summary>
    public BlockCursor Sub(int count)
    {
        long offset = Offset;
        return new BlockCursor(Take(count), offset, _blockName, _duringOpen);
    }

    public CaptureFormatException Error(string what) =>
        new($"corrupted {_blockName} block: {what} (at byte offset {Offset})", Offset, _duringOpen);
}
