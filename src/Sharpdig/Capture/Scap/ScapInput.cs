using System.IO.Compression;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// The decompressed block stream of a capture file, read in big chunks into one reusable buffer.
/// Callers ask for "at least n bytes at the cursor" and get a window into the buffer that stays
/// valid until the next <see cref="Ensure"/> (which may compact or grow the buffer). The buffer only
/// grows when a single block is larger than it, so memory does not grow with the file size.
/// </summary>
internal sealed class ScapInput : IDisposable
{
    private const int DefaultBufferSize = 256 * 1024;
    private const int FileReadBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private FileStream? _file;   // the file under the stream (for progress), when it is one
    private byte[] _buffer = new byte[DefaultBufferSize];
    private int _pos;          // cursor: next unconsumed byte
    private int _end;          // end of valid data
    private long _bufferBase;  // stream offset of _buffer[0]
    private bool _eof;
    private bool _shrinkPending;

    private ScapInput(Stream stream, bool compressed)
    {
        _stream = stream;
        IsCompressed = compressed;
    }

    public bool IsCompressed { get; }
    public byte[] Buffer => _buffer;
    /// <summary>Index in <see cref="Buffer"/> of the cursor.</summary>
    public int Position => _pos;
    /// <summary>Offset of the cursor in the decompressed stream.</summary>
    public long Offset => _bufferBase + _pos;
    public int Available => _end - _pos;

    /// <summary>The file's size in bytes (0 when not reading a file).</summary>
    public long FileLength => _file?.Length ?? 0;

    /// <summary>
    /// Percent of the file read so far: the cursor for a plain file, the bytes the decompressor has
    /// taken in for a gzip one (as sysdig's progress uses). 0 when not reading a file.
    /// </summary>
    public double FileProgressPercent
    {
        get
        {
            if (_file is null) return 0;
            long length = _file.Length;
            if (length <= 0) return 100;
            long at = IsCompressed ? _file.Position : Offset;
            return Math.Min(100.0, 100.0 * at / length);
        }
    }

    /// <summary>Opens a file, detecting gzip by its first two bytes (1F 8B).</summary>
    public static ScapInput Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite,
            FileReadBufferSize, FileOptions.SequentialScan);
        try
        {
            var input = FromStream(file);
            input._file = file;
            return input;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a readable stream (positioned at the start of the capture) the same way.</summary>
    public static ScapInput FromStream(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = 0;
        var input = new ScapInput(stream, compressed: false);
        if (stream.CanSeek)
        {
            while (got < 2)
            {
                int n = stream.Read(magic[got..]);
                if (n == 0) break;
                got += n;
            }
            stream.Seek(-got, SeekOrigin.Current);
            if (got == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
                return new ScapInput(new GZipStream(stream, CompressionMode.Decompress), compressed: true);
            return input;
        }
        // Not seekable: read the first bytes into our buffer; gzip then needs them replayed.
        while (input._end < 2)
        {
            int n = stream.Read(input._buffer, input._end, input._buffer.Length - input._end);
            if (n == 0) { input._eof = true; break; }
            input._end += n;
        }
        if (input._end >= 2 && input._buffer[0] == 0x1F && input._buffer[1] == 0x8B)
        {
            var replay = new ReplayPrefixStream(input._buffer.AsSpan(0, input._end).ToArray(), stream);
            return new ScapInput(new GZipStream(replay, CompressionMode.Decompress), compressed: true);
        }
        return input;
    }

    /// <summary>
    /// Makes at least <paramref name="count"/> bytes available at the cursor, reading more as
    /// needed. Returns how many are available: fewer than asked only at the end of the stream.
    /// May move the data: re-read <see cref="Buffer"/> and <see cref="Position"/> afterwards.
    /// </summary>
    public int Ensure(int count)
    {
        int available = _end - _pos;
        if (available >= count || _eof) return available;
        if (_buffer.Length - _pos < count)
        {
            // Slide the unconsumed tail to the front so the block fits without growing.
            byte[] target = _buffer;
            if (_shrinkPending && count <= DefaultBufferSize && available <= DefaultBufferSize)
            {
                target = new byte[DefaultBufferSize];
                _shrinkPending = false;
            }
            if (available > 0) System.Buffer.BlockCopy(_buffer, _pos, target, 0, available);
            _buffer = target;
            _bufferBase += _pos;
            _end = available;
            _pos = 0;
        }
        while (_end - _pos < count && !_eof)
        {
            if (_end == _buffer.Length)
            {
                // A block bigger than the buffer: grow step by step as data really arrives, so a
                // lying length field cannot make us allocate more than the file holds (x2).
                long target = Math.Min((long)count, (long)_buffer.Length * 2);
                Array.Resize(ref _buffer, (int)Math.Min(target, Array.MaxLength));
            }
            BeforeRead?.Invoke();
            int n = ReadStream(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            else _end += n;
        }
        return _end - _pos;
    }

    public void Advance(int count) => _pos += count;

    /// <summary>Called before each read from the underlying stream, which may block (a pipe, a slow disk).</summary>
    public Action? BeforeRead { get; set; }

    /// <summary>
    /// Returns to the default buffer size after a big header block (a large process list) made the
    /// buffer grow, so the event loop runs in the small buffer again. Data already read ahead is
    /// kept: the switch happens at the next compaction that fits the default size.
    /// </summary>
    public void ShrinkToDefault() => _shrinkPending = _buffer.Length > DefaultBufferSize;

    /// <summary>Current buffer size (tests check it does not grow with the file).</summary>
    internal int BufferCapacity => _buffer.Length;

    private int ReadStream(byte[] buffer, int offset, int count)
    {
        try
        {
            return _stream.Read(buffer, offset, count);
        }
        catch (InvalidDataException e)
        {
            throw new CaptureFormatException(
                $"corrupt compressed data after byte offset {_bufferBase + _end} of the decompressed capture ({e.Message})",
                _bufferBase + _end);
        }
        catch (IOException e)
        {
            throw new CaptureFormatException(
                $"error reading the capture after byte offset {_bufferBase + _end}: {e.Message}", _bufferBase + _end);
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>A non-seekable stream whose first bytes were already consumed, put back in front.</summary>
    private sealed class ReplayPrefixStream(byte[] prefix, Stream rest) : Stream
    {
        private int _prefixPos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_prefixPos < prefix.Length)
            {
                int n = Math.Min(count, prefix.Length - _prefixPos);
                Array.Copy(prefix, _prefixPos, buffer, offset, n);
                _prefixPos += n;
                return n;
            }
            return rest.Read(buffer, offset, count);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) rest.Dispose(); }
    }
}
