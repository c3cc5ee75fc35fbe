using System.Buffers.Binary;
using System.IO.Compression;
using Sharpdig.Events;

namespace Sharpdig.Capture.Scap;

/// <summary>
/// Writes a .scap capture that sysdig 0.29.3 and current libs read (scap-format.md §15):
/// SHB 1.2, MI, IL v2, UL v2, PL v9, FDL v2, then EV_V2 / EVF_V2 / LARGE event blocks,
/// optionally gzip-compressed. Blocks are assembled in one buffer and handed to the stream
/// whole, so a file cut off after <see cref="Flush"/> ends on a block boundary. When a write
/// fails (a full disk), a plain file is cut back to the last whole block it holds, so it stays
/// readable, and <see cref="CaptureWriteException"/> says what happened.
/// </summary>
public sealed class ScapFileWriter : IDisposable
{
    private const int BufferSize = 256 * 1024;
    private const ushort VersionMajor = 1, VersionMinor = 2;
    /// <summary>Largest non-LARGE block libscap reads (its 64 KiB buffer plus the block header).</summary>
    private const int MaxNormalBlockLength = 64 * 1024 + 8;
    private const uint LargeDumpFlag = 4;   // writer-side hint, never stored

    private readonly Stream _file;
    private readonly Stream _output;         // _file or a gzip stream over it
    private readonly bool _leaveOpen;
    private readonly string _name;
    private long _fileLengthAtLastWrite;     // bytes of whole blocks known to be in the file
    private byte[] _buffer = new byte[BufferSize];
    private int _used;
    private bool _disposed;
    private bool _failed;   // a write failed: closing must not try again

    /// <summary>Creates (or truncates) <paramref name="path"/> with mode 0600 and writes the header section.</summary>
    public ScapFileWriter(string path, CaptureMetadata metadata, bool compress)
        : this(CreateFile(path), metadata, compress, leaveOpen: false, name: path)
    {
    }

    /// <summary>Writes to <paramref name="stream"/>, starting with the header section of <paramref name="metadata"/>.</summary>
    public ScapFileWriter(Stream stream, CaptureMetadata metadata, bool compress, bool leaveOpen = false, string? name = null)
    {
        _file = stream;
        _name = name ?? "output";
        _fileLengthAtLastWrite = stream.CanSeek ? stream.Position : 0;
        _leaveOpen = leaveOpen;
        _output = compress ? new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true) : stream;
        WriteHeaderSection(metadata);
    }

    /// <summary>Number of event blocks written.</summary>
    public long EventCount { get; private set; }

    /// <summary>Bytes of blocks written so far, before compression (buffered ones included).</summary>
    public long Length { get; private set; }

    /// <summary>Bytes of the header section (SHB and metadata blocks).</summary>
    public long HeaderLength { get; private set; }

    /// <summary>Bytes handed to the file so far: compressed bytes for a gzip file.</summary>
    public long FileLength => _fileLengthAtLastWrite;

    private static FileStream CreateFile(string path)
    {
        // No FileStream buffer: blocks are buffered here, and a failed write must not leave bytes behind.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        // Captures hold everything the machine did: readable by the owner only.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path, options);
    }

    private void WriteHeaderSection(CaptureMetadata meta)
    {
        var body = new ByteBuilder();
        body.U32(ScapBlockType.ByteOrderMagic);
        body.U16(VersionMajor);
        body.U16(VersionMinor);
        body.U64(ulong.MaxValue);   // section length: unknown
        WriteBlock(ScapBlockType.SectionHeader, body.Span);

        if (meta.Machine is { } machine)
        {
            body.Clear();
            ScapMetadataEncoder.MachineInfo(body, machine);
            WriteBlock(ScapBlockType.MachineInfo, body.Span);
        }
        if (meta.Interfaces.Count > 0)
        {
            body.Clear();
            ScapMetadataEncoder.Interfaces(body, meta.Interfaces);
            WriteBlock(ScapBlockType.InterfaceListV2, body.Span);
        }
        if (meta.Users.Count + meta.Groups.Count > 0)
        {
            body.Clear();
            ScapMetadataEncoder.Users(body, meta);
            WriteBlock(ScapBlockType.UserListV2, body.Span);
        }
        if (meta.Processes.Count > 0)
        {
            body.Clear();
            ScapMetadataEncoder.Processes(body, meta.Processes);
            WriteBlock(ScapBlockType.ProcessListV9, body.Span);
        }
        // 0.29.3 refuses an fd list for a thread the process list does not have.
        var knownTids = new HashSet<long>(meta.Processes.Select(p => p.Tid));
        foreach (var list in meta.FdLists)
        {
            if (!knownTids.Contains(list.Tid)) continue;
            body.Clear();
            ScapMetadataEncoder.FdList(body, list);
            WriteBlock(ScapBlockType.FdListV2, body.Span);
        }
        HeaderLength = Length;
    }

    /// <summary>Appends one event with the dump flags it was read with.</summary>
    public void WriteEvent(EventRecord record) => WriteEvent(record, record.DumpFlags);

    /// <summary>
    /// Appends one event. Non-zero <paramref name="dumpFlags"/> (e.g. 1 = state only) select an EVF
    /// block; event types with large payloads (and records too big for a normal block) go in LARGE blocks.
    /// </summary>
    public void WriteEvent(EventRecord record, uint dumpFlags)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var raw = record.RawRecord;
        dumpFlags &= ~LargeDumpFlag;
        bool withFlags = dumpFlags != 0;
        int prefix = withFlags ? 6 : 2;
        int total = BlockLength(prefix + raw.Length);
        bool large = record.Info.HasLargePayload || total > MaxNormalBlockLength;
        uint type = (large, withFlags) switch
        {
            (false, false) => ScapBlockType.EventV2,
            (false, true) => ScapBlockType.EventWithFlagsV2,
            (true, false) => ScapBlockType.EventV2Large,
            (true, true) => ScapBlockType.EventWithFlagsV2Large,
        };
        var block = ReserveBlock(type, total);
        BinaryPrimitives.WriteUInt16LittleEndian(block, record.Cpu);
        if (withFlags) BinaryPrimitives.WriteUInt32LittleEndian(block[2..], dumpFlags);
        raw.CopyTo(block[prefix..]);
        // The record's own length field must describe the bytes we store.
        BinaryPrimitives.WriteUInt32LittleEndian(block[(prefix + 16)..], (uint)raw.Length);
        EventCount++;
    }

    /// <summary>Appends a block of any type with the given body (padding and framing added).</summary>
    internal void WriteBlock(uint type, ReadOnlySpan<byte> body)
    {
        var span = ReserveBlock(type, BlockLength(body.Length));
        body.CopyTo(span);
    }

    private static int BlockLength(int bodyLength) => (12 + bodyLength + 3) & ~3;

    /// <summary>
    /// Frames a block of <paramref name="total"/> bytes in the buffer (header, zero padding, trailer)
    /// and returns the body area to fill. Flushes whole blocks first when it does not fit.
    /// </summary>
    private Span<byte> ReserveBlock(uint type, int total)
    {
        if (_used + total > _buffer.Length)
        {
            WriteBuffer();
            if (total > _buffer.Length) _buffer = new byte[total];
        }
        var block = _buffer.AsSpan(_used, total);
        block[(total - 8)..(total - 4)].Clear();   // padding lives here, if any
        BinaryPrimitives.WriteUInt32LittleEndian(block, type);
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)total);
        BinaryPrimitives.WriteUInt32LittleEndian(block[(total - 4)..], (uint)total);
        _used += total;
        Length += total;
        return block[8..(total - 4)];
    }

    private void WriteBuffer()
    {
        if (_used == 0) return;
        try
        {
            _output.Write(_buffer, 0, _used);
        }
        catch (IOException e)
        {
            _failed = true;
            SaveWholeBlocks();
            _used = 0;
            throw new CaptureWriteException(_name, e);
        }
        if (_output == _file) _fileLengthAtLastWrite += _used;
        else if (_file.CanSeek) _fileLengthAtLastWrite = _file.Position;
        _used = 0;
        if (_buffer.Length > BufferSize) _buffer = new byte[BufferSize];
    }

    // The write failed part way (a full disk): cut the file back to its last whole block, then
    // write the buffered blocks one at a time while they fit, so the file keeps as many whole
    // events as the disk holds and ends on a block boundary. A gzip stream cannot be cut like this.
    private void SaveWholeBlocks()
    {
        if (_output != _file || !_file.CanSeek) return;
        try
        {
            _file.SetLength(_fileLengthAtLastWrite);
            _file.Position = _fileLengthAtLastWrite;
            for (int at = 0; at + 8 <= _used;)
            {
                int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(at + 4));
                _file.Write(_buffer, at, len);
                _fileLengthAtLastWrite += len;
                at += len;
            }
        }
        catch (IOException)
        {
            try { _file.SetLength(_fileLengthAtLastWrite); } catch (IOException) { }
        }
        catch (NotSupportedException) { }
    }

    /// <summary>Pushes every whole block written so far to the file (a gzip stream is sync-flushed).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteBuffer();
        try
        {
            _output.Flush();
            _file.Flush();
        }
        catch (IOException e)
        {
            throw new CaptureWriteException(_name, e);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        if (_failed)
        {
            _disposed = true;
            try { if (_output != _file) _output.Dispose(); } catch (IOException) { } catch (InvalidDataException) { }
            try { if (!_leaveOpen) _file.Dispose(); } catch (IOException) { }
            return;
        }
        try
        {
            WriteBuffer();
            try
            {
                if (_output != _file) _output.Dispose();
                _file.Flush();
            }
            catch (IOException e)
            {
                throw new CaptureWriteException(_name, e);
            }
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen) _file.Dispose();
        }
    }
}
