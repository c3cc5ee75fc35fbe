using System.Buffers.Binary;
using System.Text;

namespace Sharpdig.Capture.Scap;

/// <summary>A growable little-endian byte buffer for building block bodies. Reusable via <see cref="Clear"/>.</summary>
internal sealed class ByteBuilder(int capacity = 4096)
{
    private byte[] _data = new byte[capacity];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public Span<byte> Reserve(int count)
    {
        if (Length + count > _data.Length)
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + count));
        var span = _data.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void U8(byte v) => Reserve(1)[0] = v;
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), v);
    public void Bytes(ReadOnlySpan<byte> v) => v.CopyTo(Reserve(v.Length));

    /// <summary>Overwrites a u32 written earlier (length prefixes filled in after the entry).</summary>
    public void PatchU32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(_data.AsSpan(at, 4), v);

    /// <summary>
    /// u16 length + bytes, no NUL (the s16 strings of metadata blocks), cut to at most
    /// <paramref name="maxBytes"/> bytes (on a UTF-8 character boundary).
    /// </summary>
    public void String16(string v, int maxBytes)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(v);
        int length = Math.Min(bytes.Length, maxBytes);
        while (length < bytes.Length && length > 0 && (bytes[length] & 0xC0) == 0x80) length--;   // not inside a character
        U16((ushort)length);
        Bytes(bytes.AsSpan(0, length));
    }

    /// <summary>
    /// u16 length + a sequence of NUL-terminated strings, keeping only the whole strings that fit
    /// in <paramref name="maxBytes"/> (a cut string would run into the next field).
    /// </summary>
    public void NulSeparated16(ReadOnlySpan<byte> v, int maxBytes)
    {
        if (v.Length > maxBytes)
        {
            int lastNul = v[..maxBytes].LastIndexOf((byte)0);
            v = v[..(lastNul + 1)];
        }
        U16((ushort)v.Length);
        Bytes(v);
    }
}
