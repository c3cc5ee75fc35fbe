using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Sharpdig.Formatting;

/// <summary>
/// A growable UTF-8 byte buffer that renderers append to. The output line is built here and the
/// owner flushes it to a stream in large chunks; field extractors use a private one as scratch
/// space. Appending never allocates once the buffer has grown to its working size.
/// </summary>
public sealed class ByteWriter : IBufferWriter<byte>
{
    private byte[] _buf;
    private int _len;

    public ByteWriter(int capacity = 4096) { _buf = new byte[Math.Max(capacity, 64)]; }

    public int Length => _len;
    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, _len);
    public ReadOnlyMemory<byte> WrittenMemory => _buf.AsMemory(0, _len);

    public void Clear() => _len = 0;

    /// <summary>Drops everything written after <paramref name="length"/> (used to undo a tentative part).</summary>
    public void Truncate(int length) { if (length < _len) _len = length; }

    /// <summary>Writes the content to <paramref name="stream"/> and empties the buffer.</summary>
    public void FlushTo(Stream stream)
    {
        if (_len > 0) stream.Write(_buf, 0, _len);
        _len = 0;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buf.AsSpan(_len);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buf.AsMemory(_len);
    }

    public void Advance(int count) => _len += count;

    /// <summary>Byte at <paramref name="index"/> of what was written.</summary>
    public byte this[int index] { get => _buf[index]; set => _buf[index] = value; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte b)
    {
        if (_len >= _buf.Length) Grow(1);
        _buf[_len++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_len + bytes.Length > _buf.Length) Grow(bytes.Length);
        bytes.CopyTo(_buf.AsSpan(_len));
        _len += bytes.Length;
    }

    /// <summary>Writes ASCII/UTF-16 text as UTF-8 (for the rare non-cached strings).</summary>
    public void Write(string text)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        Ensure(max);
        _len += System.Text.Encoding.UTF8.GetBytes(text, _buf.AsSpan(_len));
    }

    public void Write(long v)
    {
        Ensure(24);
        Utf8Formatter.TryFormat(v, _buf.AsSpan(_len), out int n);
        _len += n;
    }

    public void Write(ulong v)
    {
        Ensure(24);
        Utf8Formatter.TryFormat(v, _buf.AsSpan(_len), out int n);
        _len += n;
    }

    public void Write(int v) => Write((long)v);
    public void Write(uint v) => Write((ulong)v);

    /// <summary>Uppercase hex without prefix or padding (C's %X / %lX).</summary>
    public void WriteHexUpper(ulong v) => WriteHex(v, "0123456789ABCDEF"u8);
    /// <summary>Lowercase hex without prefix or padding (C's %x / %lx).</summary>
    public void WriteHexLower(ulong v) => WriteHex(v, "0123456789abcdef"u8);

    private void WriteHex(ulong v, ReadOnlySpan<byte> digits)
    {
        Ensure(16);
        int n = v == 0 ? 1 : (64 - System.Numerics.BitOperations.LeadingZeroCount(v) + 3) / 4;
        var s = _buf.AsSpan(_len, n);
        for (int i = n - 1; i >= 0; i--) { s[i] = digits[(int)(v & 0xF)]; v >>= 4; }
        _len += n;
    }

    /// <summary>C's %#o: octal with a leading 0 unless the value is 0.</summary>
    public void WriteOctalAlt(ulong v)
    {
        if (v == 0) { Write((byte)'0'); return; }
        Ensure(24);
        Span<byte> tmp = stackalloc byte[24];
        int i = tmp.Length;
        while (v != 0) { tmp[--i] = (byte)('0' + (int)(v & 7)); v >>= 3; }
        tmp[--i] = (byte)'0';
        Write(tmp[i..]);
    }

    /// <summary>Decimal padded with zeros to <paramref name="width"/> digits (C's %0Nd).</summary>
    public void WritePadded(long v, int width)
    {
        if (v < 0) { Write((byte)'-'); v = -v; }
        Ensure(24 + width);
        Utf8Formatter.TryFormat((ulong)v, _buf.AsSpan(_len), out int n, new StandardFormat('D', (byte)Math.Min(width, 99)));
        _len += n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int extra)
    {
        if (_len + extra > _buf.Length) Grow(extra);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int extra)
    {
        int size = Math.Max(_buf.Length * 2, _len + extra);
        Array.Resize(ref _buf, size);
    }
}
