namespace Sharpdig.Capture.Scap;

/// <summary>
/// Where libscap's file position is while it reads an uncompressed capture. It reads through
/// zlib's gzread, which for a plain file ("copy mode") first takes 8 KiB to look for a gzip header,
/// then serves small reads from a 16 KiB buffer refilled whole, and reads big ones (16 KiB and up,
/// once the buffer is empty) straight from the file. sysdig's -P progress is that position over the
/// file size, so the position is replayed from the sizes of the reads libscap makes.
/// </summary>
public sealed class ZlibCopyModePosition(long fileLength)
{
    private const long LookSize = 8192, BufferSize = 16384;
    private long _buffered = -1;   // bytes read from the file and not handed out yet; -1 before the first read

    /// <summary>The file position: bytes taken from the file so far.</summary>
    public long Position { get; private set; }

    /// <summary>One read of <paramref name="count"/> bytes.</summary>
    public void Read(long count)
    {
        if (_buffered < 0) { Position = _buffered = Math.Min(LookSize, fileLength); }
        while (count > 0)
        {
            if (_buffered > 0)
            {
                long n = Math.Min(_buffered, count);
                _buffered -= n;
                count -= n;
            }
            else if (Position >= fileLength) return;
            else if (count < BufferSize)
            {
                _buffered = Math.Min(BufferSize, fileLength - Position);
                Position += _buffered;
            }
            else
            {
                long n = Math.Min(count, fileLength - Position);
                Position += n;
                count -= n;
            }
        }
    }

    /// <summary>
    /// A seek: in copy mode zlib moves the file to the exact place and drops its buffer. libscap
    /// seeks back over the header of the first event block once it has peeked at it.
    /// </summary>
    public void SeekTo(long position)
    {
        Position = Math.Min(position, fileLength);
        _buffered = 0;
    }

    /// <summary>Many small reads (each under the buffer size) covering <paramref name="count"/> bytes.</summary>
    public void ReadInSmallPieces(long count)
    {
        while (count > 0)
        {
            long n = Math.Min(count, LookSize);
            Read(n);
            count -= n;
        }
    }
}
