using System.Buffers.Binary;
using Sharpdig.Events;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Reads a .scap capture file (plain or gzip) as a stream of normalized v2 event records.
/// Opening parses the first header section into <see cref="Metadata"/>; each
/// <see cref="TryReadNext"/> then decodes one event block in place in the input buffer, so the
/// per-event path allocates nothing. A new section header later in the file replaces the
/// metadata and bumps <see cref="Section"/>. Damage raises <see cref="CaptureFormatException"/>
/// after every whole event before it has been delivered. Format: scap-format.md.
/// </summary>
public sealed class ScapFileReader : ICaptureSource
{
    private const int BlockHeaderSize = 8;
    private const int BlockFramingSize = 12;              // type + length + trailing length
    private const int SectionHeaderBodySize = 16;
    /// <summary>Non-LARGE event blocks must fit libscap's 64 KiB read buffer (total - 8).</summary>
    private const int MaxNormalEventRead = 64 * 1024;
    /// <summary>Upper bound for any single block; protects against absurd length fields.</summary>
    private const long MaxBlockLength = 1L << 30;

    private readonly ScapInput _input;
    private bool _inEvents;

    public ScapFileReader(string path)
    {
        try
        {
            _input = ScapInput.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CaptureFormatException($"can't open file {path}: {e.Message}", 0, duringOpen: true);
        }
        try
        {
            OpenFirstSection();
        }
        catch
        {
            _input.Dispose();
            throw;
        }
    }

    /// <summary>Reads a capture from an open stream (positioned at its start). The reader owns it.</summary>
    public ScapFileReader(Stream stream)
    {
        _input = ScapInput.FromStream(stream);
        try
        {
            OpenFirstSection();
        }
        catch
        {
            _input.Dispose();
            throw;
        }
    }

    public static ScapFileReader Open(string path) => new(path);

    public CaptureMetadata Metadata { get; private set; } = new();
    public int Section { get; private set; }
    public bool IsLive => false;
    /// <summary>True when the file was gzip-compressed.</summary>
    public bool IsCompressed => _input.IsCompressed;
    /// <summary>Version of the current section header (major, minor).</summary>
    public (int Major, int Minor) Version { get; private set; }
    /// <summary>Offset in the decompressed stream of the next unread block.</summary>
    public long Offset => _input.Offset;

    /// <summary>Where the block of the last event read starts (see <see cref="Offset"/> for its end).</summary>
    public long LastBlockOffset { get; private set; }

    /// <summary>The file's size in bytes (0 when not reading a file).</summary>
    public long FileLength => _input.FileLength;

    /// <summary>How much of the file has been read, in percent (-P); 0 when it is not a file.</summary>
    public double ReadProgressPercent => _input.FileProgressPercent;
    internal int BufferCapacity => _input.BufferCapacity;
    /// <summary>Called before each read from the file or pipe (see <see cref="ReadAheadReader"/>).</summary>
    internal Action? BeforeRead { set => _input.BeforeRead = value; }

    private void OpenFirstSection()
    {
        int available = _input.Ensure(BlockHeaderSize);
        if (available == 0)
            throw new CaptureFormatException("cannot read the capture: the file is empty (no section header at byte offset 0)", 0, duringOpen: true);
        if (available < BlockHeaderSize)
            throw Truncated(BlockHeaderSize, available, duringOpen: true);
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(_input.Buffer.AsSpan(_input.Position));
        if (type != ScapBlockType.SectionHeader)
            throw new CaptureFormatException(
                $"not a capture file: invalid block type 0x{type:X8} at byte offset 0 (expected a section header)", 0, duringOpen: true);
        ReadHeaderSection(duringOpen: true);
        _input.ShrinkToDefault();
        if (!_inEvents)
            throw new CaptureFormatException($"cannot read the capture: no events in file (at byte offset {_input.Offset})",
                _input.Offset, duringOpen: true);
    }

    /// <summary>
    /// Reads an SHB and the metadata blocks after it, stopping in front of the first event block
    /// (then <see cref="_inEvents"/> is true) or at the end of the stream.
    /// </summary>
    private void ReadHeaderSection(bool duringOpen)
    {
        _inEvents = false;
        while (true)
        {
            long blockOffset = _input.Offset;
            int available = _input.Ensure(BlockHeaderSize);
            if (available == 0) return;
            if (available < BlockHeaderSize) throw Truncated(BlockHeaderSize, available, duringOpen);
            var header = _input.Buffer.AsSpan(_input.Position, BlockHeaderSize);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(header);
            uint total = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (ScapBlockType.IsEvent(type))
            {
                _inEvents = true;
                return;
            }
            if (total < BlockFramingSize || total > MaxBlockLength)
                throw new CaptureFormatException(
                    $"invalid block length {total} for block type 0x{type:X} at byte offset {blockOffset}", blockOffset, duringOpen);
            int length = (int)total;
            available = _input.Ensure(length);
            if (available < length) throw Truncated(length, available, duringOpen);
            var block = _input.Buffer.AsSpan(_input.Position, length);
            uint trailer = BinaryPrimitives.ReadUInt32LittleEndian(block[(length - 4)..]);
            if (trailer != total)
                throw new CaptureFormatException(
                    $"wrong block total length at byte offset {blockOffset}: header says {total}, trailer says {trailer}",
                    blockOffset, duringOpen);
            var body = block[BlockHeaderSize..(length - 4)];
            long bodyOffset = blockOffset + BlockHeaderSize;
            if (type == ScapBlockType.SectionHeader)
            {
                StartSection(body, bodyOffset, duringOpen);
            }
            else
            {
                // Unknown block types in the header section are skipped, as libscap does.
                ScapMetadataDecoder.TryDecode(type, body, bodyOffset, duringOpen, Metadata);
            }
            _input.Advance(length);
        }
    }

    private void StartSection(ReadOnlySpan<byte> body, long bodyOffset, bool duringOpen)
    {
        var c = new BlockCursor(body, bodyOffset, "section header", duringOpen);
        if (c.Remaining < SectionHeaderBodySize) throw c.Error($"body has {c.Remaining} bytes, expected at least {SectionHeaderBodySize}");
        uint magic = c.U32();
        if (magic != ScapBlockType.ByteOrderMagic)
        {
            string hint = magic == 0x4D3C2B1A ? " (big-endian captures are not supported)" : "";
            throw new CaptureFormatException(
                $"invalid magic number 0x{magic:X8} in the section header at byte offset {bodyOffset}{hint}", bodyOffset, duringOpen);
        }
        ushort major = c.U16(), minor = c.U16();
        if (major > 1)
            throw new CaptureFormatException(
                $"cannot read capture format version {major}.{minor} (section header at byte offset {bodyOffset - BlockHeaderSize}); only 1.x is supported",
                bodyOffset - BlockHeaderSize, duringOpen);
        // Section length (unused) and any pcapng options after it are ignored.
        Version = (major, minor);
        Metadata = new CaptureMetadata();
        Section++;
    }

    public bool TryReadNext(EventRecord record)
    {
        if (!TryReadNextRaw(out int start, out int length, out ushort cpu, out uint dumpFlags)) return false;
        record.Load(RawBuffer, start, length, cpu, dumpFlags);
        return true;
    }

    /// <summary>The buffer the record of the last <see cref="TryReadNextRaw"/> is in (valid until the next read).</summary>
    public byte[] RawBuffer => _input.Buffer;

    /// <summary>
    /// The next event's record without decoding it: its place in <see cref="RawBuffer"/>, cpu and
    /// dump flags. For callers that only copy records elsewhere.
    /// </summary>
    public bool TryReadNextRaw(out int start, out int length, out ushort cpu, out uint dumpFlags)
    {
        start = length = 0;
        cpu = 0;
        dumpFlags = 0;
        while (true)
        {
            long blockOffset = _input.Offset;
            // Most blocks are already in the buffer: Ensure (which may read) only when they are not.
            int available = _input.Available;
            if (available < BlockHeaderSize) available = _input.Ensure(BlockHeaderSize);
            if (available == 0) return false;
            if (available < BlockHeaderSize) throw Truncated(BlockHeaderSize, available, false);
            byte[] buffer = _input.Buffer;
            int pos = _input.Position;
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(pos));
            uint total = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(pos + 4));

            int prefix;          // bytes before the record: block header + cpu (+ dump flags)
            bool v1 = false;
            bool large = false;
            switch (type)
            {
                case ScapBlockType.EventV2: prefix = 10; break;
                case ScapBlockType.EventWithFlagsV2: prefix = 14; break;
                case ScapBlockType.EventV2Large: prefix = 10; large = true; break;
                case ScapBlockType.EventWithFlagsV2Large: prefix = 14; large = true; break;
                case ScapBlockType.EventV1 or ScapBlockType.EventV1Int: prefix = 10; v1 = true; break;
                case ScapBlockType.EventWithFlagsV1: prefix = 14; v1 = true; break;
                case ScapBlockType.SectionHeader:
                    // A concatenated capture: fresh metadata, numbering continues.
                    ReadHeaderSection(duringOpen: false);
                    _input.ShrinkToDefault();
                    if (!_inEvents) return false;
                    continue;
                default:
                    throw new CaptureFormatException(
                        $"unexpected block type 0x{type:X} at byte offset {blockOffset} (only events or a new section may follow events)",
                        blockOffset, false);
            }

            int headerSize = v1 ? V1RecordNormalizer.V1HeaderSize : EventRecord.HeaderSize;
            if (total < prefix + headerSize)
                throw new CaptureFormatException(
                    $"invalid event block length {total} at byte offset {blockOffset} (too short for an event)", blockOffset, false);
            long readSize = total - (long)BlockHeaderSize + (v1 ? 4 : 0);
            if (large ? total > MaxBlockLength : readSize > MaxNormalEventRead)
                throw new CaptureFormatException(
                    $"invalid event block length {total} at byte offset {blockOffset} (larger than the {(large ? "block" : "64 KiB event")} limit)",
                    blockOffset, false);

            int blockLength = (int)total;
            LastBlockOffset = blockOffset;
            if (available < blockLength) available = _input.Ensure(blockLength);
            if (available < blockLength) throw Truncated(blockLength, available, false);
            buffer = _input.Buffer;
            pos = _input.Position;

            var block = buffer.AsSpan(pos, blockLength);
            cpu = BinaryPrimitives.ReadUInt16LittleEndian(block[8..]);
            dumpFlags = prefix == 14 ? BinaryPrimitives.ReadUInt32LittleEndian(block[10..]) : 0;
            int recordStart = pos + prefix;
            uint recordLength = BinaryPrimitives.ReadUInt32LittleEndian(block[(prefix + 16)..]);
            ushort eventType = BinaryPrimitives.ReadUInt16LittleEndian(block[(prefix + 20)..]);
            int room = blockLength - prefix;
            if (recordLength < headerSize || recordLength > room)
                throw new CaptureFormatException(
                    $"invalid event length {recordLength} in the block at byte offset {blockOffset} (the block holds {room} bytes)",
                    blockOffset, false);
            _input.Advance(blockLength);

            // Types newer than the 0.29.3 schema are dropped and not counted, like libscap does.
            if (!EventTable.IsKnownToLegacyReaders(eventType)) continue;

            int recordLen = (int)recordLength;
            if (v1)
            {
                string? error = V1RecordNormalizer.Normalize(buffer, recordStart, recordLen, eventType, out recordLen);
                if (error is not null)
                    throw new CaptureFormatException($"{error} in the block at byte offset {blockOffset}", blockOffset, false);
                recordStart -= 4;
            }
            start = recordStart;
            length = recordLen;
            return true;
        }
    }

    private CaptureFormatException Truncated(int needed, int available, bool duringOpen)
    {
        long offset = _input.Offset;
        return new CaptureFormatException(
            $"capture file is truncated: the block at byte offset {offset} needs {needed} bytes, only {available} remain",
            offset, duringOpen);
    }

    public void Dispose() => _input.Dispose();
}
