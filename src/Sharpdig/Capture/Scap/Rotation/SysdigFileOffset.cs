namespace Sharpdig.Capture.Scap.Rotation;

/// <summary>
/// The file size sysdig's -C check sees for an uncompressed capture. sysdig writes through zlib's
/// gzwrite in transparent mode, which keeps small writes in an 8 KiB buffer and reports only the
/// bytes that reached the file (gzoffset). Feeding this model the same sequence of write sizes
/// (block header, cpu, flags, event, padding, trailer) reproduces sysdig's split points exactly.
/// </summary>
public sealed class SysdigFileOffset
{
    private const int ZlibBufferSize = 8192;
    private int _buffered;

    /// <summary>Bytes that reached the file.</summary>
    public long Offset { get; private set; }

    public void Reset() { Offset = 0; _buffered = 0; }

    /// <summary>One gzwrite call of <paramref name="length"/> bytes.</summary>
    public void Write(long length)
    {
        if (length <= 0) return;
        if (length >= ZlibBufferSize)
        {
            // Large writes go straight to the file after what was buffered.
            Offset += _buffered + length;
            _buffered = 0;
            return;
        }
        while (length > 0)
        {
            long copy = Math.Min(ZlibBufferSize - _buffered, length);
            _buffered += (int)copy;
            length -= copy;
            if (length > 0) { Offset += _buffered; _buffered = 0; }   // full, and more to come
        }
    }

    /// <summary>The writes sysdig makes for one event block (scap_dump).</summary>
    public void WriteEventBlock(int recordLength, bool withFlags)
    {
        Write(8);
        Write(2);
        if (withFlags) Write(4);
        Write(recordLength);
        int pad = (4 - ((2 + recordLength) & 3)) & 3;   // sysdig pads after cpu+event only
        Write(pad);
        Write(4);
    }

    /// <summary>A header section written as many small pieces (all metadata writes are under 8 KiB).</summary>
    public void WriteSmallPieces(long totalLength)
    {
        while (totalLength > 0)
        {
            long piece = Math.Min(totalLength, ZlibBufferSize - 1);
            Write(piece);
            totalLength -= piece;
        }
    }
}
