using System.Buffers;
using System.Text;

namespace Sharpdig.Chisels;

/// <summary>
/// The buffered byte writer behind chisel output: Lua's print and io.write, and the lines of
/// chisel event formatters, all go here so they come out in program order.
/// </summary>
public sealed class ChiselOutput : IBufferWriter<byte>, IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _used;

    /// <summary>When true, every completed line is flushed at once (--unbuffered).</summary>
    public bool AutoFlush { get; set; }

    public ChiselOutput(Stream stream, int capacity = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[capacity];
    }

    public static ChiselOutput ForStandardOutput() => new(Console.OpenStandardOutput());

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > _buffer.Length) { _stream.Write(bytes); return; }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Write(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Encoding.UTF8.GetBytes(text, GetSpan(max));
        Advance(Encoding.UTF8.GetByteCount(text));
    }

    public void WriteByte(byte b)
    {
        if (_used == _buffer.Length) Flush();
        _buffer[_used++] = b;
    }

    public void EndLine()
    {
        WriteByte((byte)'\n');
        if (AutoFlush) Flush();
    }

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0) { Reserve(sizeHint); return _buffer.AsMemory(_used); }

    public Span<byte> GetSpan(int sizeHint = 0) { Reserve(sizeHint); return _buffer.AsSpan(_used); }

    private void Reserve(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _used >= sizeHint) return;
        Flush();
        if (_buffer.Length < sizeHint) _buffer = new byte[Math.Max(sizeHint, _buffer.Length * 2)];
    }

    public void Flush()
    {
        if (_used > 0)
        {
            try { _stream.Write(_buffer, 0, _used); }
            catch (IOException) { /* reader went away (e.g. | head): drop the output */ }
            _used = 0;
        }
        try { _stream.Flush(); } catch (IOException) { }
    }

    public void Dispose() => Flush();
}
