using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sharpdig.Fields;

/// <summary>
/// A growable UTF-8 byte buffer reused across events: field values and output lines are built
/// here without allocating once it has grown to its working size.
/// </summary>
public sealed class TextBuffer
{
    private byte[] _bytes;
    private int _length;

    public TextBuffer(int capacity = 256) => _bytes = new byte[capacity];

    public int Length => _length;
    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);
    public byte[] RawArray => _bytes;

    public void Clear() => _length = 0;
    public void Truncate(int length) => _length = length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b)
    {
        if (_length == _bytes.Length) Grow(1);
        _bytes[_length++] = b;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _bytes.Length) Grow(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends only the printable ASCII bytes (0x20-0x7E) of <paramref name="bytes"/>.</summary>
    public void AppendPrintable(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0) { Append(bytes); return; }
        foreach (byte b in bytes)
            if (b is >= 0x20 and <= 0x7E) Append(b);
    }

    public void Append(string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_length + max > _bytes.Length) Grow(max);
        _length += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
    }

    public void Append(char c)
    {
        if (c < 0x80) Append((byte)c);
        else Append(c.ToString());
    }

    public void Append(long value)
    {
        if (_length + 20 > _bytes.Length) Grow(20);
        Utf8Formatter.TryFormat(value, _bytes.AsSpan(_length), out int n);
        _length += n;
    }

    public void Append(ulong value)
    {
        if (_length + 20 > _bytes.Length) Grow(20);
        Utf8Formatter.TryFormat(value, _bytes.AsSpan(_length), out int n);
        _length += n;
    }

    /// <summary>Appends <paramref name="value"/> zero-padded to <paramref name="digits"/> digits.</summary>
    public void AppendPadded(ulong value, int digits)
    {
        if (_length + 20 > _bytes.Length) Grow(20);
        Utf8Formatter.TryFormat(value, _bytes.AsSpan(_length), out int n, new StandardFormat('D', (byte)digits));
        _length += n;
    }

    public void AppendHex(ulong value, bool upper = true)
    {
        if (_length + 16 > _bytes.Length) Grow(16);
        Utf8Formatter.TryFormat(value, _bytes.AsSpan(_length), out int n, new StandardFormat(upper ? 'X' : 'x'));
        _length += n;
    }

    public void AppendSpaces(int count)
    {
        if (count <= 0) return;
        if (_length + count > _bytes.Length) Grow(count);
        _bytes.AsSpan(_length, count).Fill((byte)' ');
        _length += count;
    }

    /// <summary>Room for <paramref name="count"/> more bytes, to be filled by the caller then committed.</summary>
    public Span<byte> GetSpan(int count)
    {
        if (_length + count > _bytes.Length) Grow(count);
        return _bytes.AsSpan(_length, count);
    }

    public void Advance(int count) => _length += count;

    private void Grow(int needed)
    {
        int size = Math.Max(_bytes.Length * 2, _length + needed);
        Array.Resize(ref _bytes, size);
    }

    public override string ToString() => Encoding.UTF8.GetString(Span);
}
