using System.Buffers.Binary;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Formatting;

/// <summary>Which text of a parameter to produce.</summary>
public enum ParamText
{
    /// <summary>The raw text only (`3`, `-2`, `39`).</summary>
    Raw,
    /// <summary>The resolved text only, empty when there is none (`&lt;f&gt;/etc/passwd`, `ENOENT`).</summary>
    Resolved,
    /// <summary>Resolved when non-empty, else raw (evt.arg.NAME).</summary>
    ResolvedElseRaw,
    /// <summary>`raw(resolved)` or `raw` (one item of evt.args).</summary>
    Combined,
}

/// <summary>
/// Turns event parameters into the text sysdig 0.29.3 prints (event-params.md §2-§10), reading
/// the state the engine left for the event (fd names, thread names, cwd, users). Writes straight
/// into a <see cref="ByteWriter"/>; nothing is allocated per event.
/// </summary>
public sealed partial class ParamRenderer
{
    private readonly RenderOptions _options;
    private readonly ByteWriter _scratch = new(256);

    public ParamRenderer(RenderOptions options) { _options = options; }

    public RenderOptions Options => _options;

    /// <summary>evt.args: `name=raw(resolved) ` for each parameter (empty for generic events).</summary>
    public void RenderArgs(EventContext ctx, ByteWriter w)
    {
        var rec = ctx.Record;
        if (rec.Type <= EventTable.Codes.GenericX) return;
        int n = rec.ParamCount;
        for (int i = 0; i < n; i++)
        {
            w.Write(Utf8Names.Param(rec.Type, i));
            w.Write((byte)'=');
            RenderCombined(ctx, i, w);
            w.Write((byte)' ');
        }
    }

    /// <summary>evt.info: evt.args, or the syslog summary for writes to /dev/log.</summary>
    public void RenderInfo(EventContext ctx, ByteWriter w)
    {
        if (SyslogDecoder.TryRender(ctx, w)) return;
        RenderArgs(ctx, w);
    }

    /// <summary>One parameter in the requested form. Returns false if the index is not present.</summary>
    public bool RenderParam(EventContext ctx, int index, ParamText which, ByteWriter w)
    {
        if ((uint)index >= (uint)ctx.Record.ParamCount) return false;
        switch (which)
        {
            case ParamText.Raw: RenderRaw(ctx, index, w); break;
            case ParamText.Resolved: RenderResolved(ctx, index, w); break;
            case ParamText.Combined: RenderCombined(ctx, index, w); break;
            default:
                int start = w.Length;
                if (!RenderResolved(ctx, index, w)) { w.Truncate(start); RenderRaw(ctx, index, w); }
                break;
        }
        return true;
    }

    /// <summary>The named parameter of the current event (first with that name), as <see cref="RenderParam"/>.</summary>
    public bool RenderParam(EventContext ctx, string name, ParamText which, ByteWriter w)
    {
        int i = ctx.Record.Info.IndexOf(name);
        return i >= 0 && RenderParam(ctx, i, which, w);
    }

    private void RenderCombined(EventContext ctx, int i, ByteWriter w)
    {
        RenderRaw(ctx, i, w);
        int mark = w.Length;
        w.Write((byte)'(');
        if (RenderResolved(ctx, i, w)) w.Write((byte)')');
        else w.Truncate(mark);
    }

    // ---------------------------------------------------------------------------------------
    // Raw text

    private static Capture.L4Proto FdTransport(EventContext ctx) => ctx.Fd?.EffectiveL4Proto ?? Capture.L4Proto.Unknown;

    public void RenderRaw(EventContext ctx, int i, ByteWriter w)
    {
        var p = ctx.Record.Info.Parameters[i];
        var data = ctx.Record.GetParam(i);
        RenderRawTyped(ctx, p, p.Type, p.Format, data, w, i);
    }

    private void RenderRawTyped(EventContext ctx, ParamInfo p, ParamType type, PrintFormat fmt,
        ReadOnlySpan<byte> d, ByteWriter w, int index)
    {
        switch (type)
        {
            case ParamType.Int8: WriteSigned(w, (sbyte)U8(d), 32, fmt); break;
            case ParamType.Int16: WriteSigned(w, (short)U16(d), 32, fmt); break;
            case ParamType.Int32: WriteSigned(w, (int)U32(d), 32, fmt); break;
            case ParamType.Int64: WriteSigned(w, (long)U64(d), 64, fmt); break;
            case ParamType.UInt8: WriteSigned(w, U8(d), 32, fmt); break;
            case ParamType.UInt16: WriteSigned(w, U16(d), 32, fmt); break;
            case ParamType.UInt32:
            case ParamType.Mode:
                WriteUnsigned32(w, U32(d), fmt); break;
            case ParamType.UInt64: WriteSigned(w, (long)U64(d), 64, fmt); break;
            case ParamType.Errno:
            case ParamType.Fd:
            case ParamType.Pid:
                w.Write((long)U64(d)); break;
            case ParamType.CharBuf:
                {
                    int nul = d.IndexOf((byte)0);
                    w.Write(nul >= 0 ? d[..nul] : d);
                    break;
                }
            case ParamType.FsPath:
            case ParamType.FsRelPath:
                WriteSanitized(w, UpToNul(d));
                break;
            case ParamType.ByteBuf:
                BufferText.Write(w, d, _options.BufferStyle, _options.MaxBufferChars);
                break;
            // -R names ports for the transport of the event's fd as it is after the event.
            case ParamType.SockAddr: SocketText.WriteSockAddr(w, d, ctx.State.PortNames, FdTransport(ctx)); break;
            case ParamType.SockTuple: SocketText.WriteSockTuple(w, d, ctx.State.PortNames, FdTransport(ctx)); break;
            case ParamType.FdList: WriteFdList(ctx, w, d); break;
            case ParamType.SyscallId:
                {
                    ushort id = U16(d);
                    if (id >= SymbolTables.SyscallNames.Length) w.Write("<unknown syscall>"u8);
                    else w.Write((ulong)id);
                    break;
                }
            case ParamType.SigType: w.Write((ulong)U8(d)); break;
            case ParamType.RelTime:
                {
                    ulong v = U64(d);
                    if (v == ulong.MaxValue) w.Write("none"u8); else w.Write(v);
                    break;
                }
            case ParamType.Flags8: w.Write((ulong)U8(d)); break;
            case ParamType.Flags16: w.Write((ulong)U16(d)); break;
            case ParamType.Flags32: w.Write((ulong)U32(d)); break;
            case ParamType.Uid:
            case ParamType.Gid:
                w.Write((long)(int)U32(d)); break;
            case ParamType.SigSet: WriteSigSet(w, U32(d)); break;
            case ParamType.Dyn:
                {
                    var sub = p.DynamicTypes;
                    if (d.Length == 0 || sub is null || d[0] >= sub.Length)
                    {
                        w.Write("INVALID DYNAMIC PARAMETER"u8);
                        break;
                    }
                    RenderRawTyped(ctx, p, sub[d[0]].Type, fmt, d[1..], w, index);
                    break;
                }
            case ParamType.AbsTime:
                w.Write("INVALID DYNAMIC PARAMETER"u8); break;
            default:
                w.Write("(n.a.)"u8); break;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Resolved text (returns false when there is none; may have written partial bytes then)

    public bool RenderResolved(EventContext ctx, int i, ByteWriter w)
    {
        var p = ctx.Record.Info.Parameters[i];
        var data = ctx.Record.GetParam(i);
        return RenderResolvedTyped(ctx, p, p.Type, data, w, i);
    }

    private bool RenderResolvedTyped(EventContext ctx, ParamInfo p, ParamType type, ReadOnlySpan<byte> d,
        ByteWriter w, int index)
    {
        switch (type)
        {
            case ParamType.Errno:
                {
                    long v = (long)U64(d);
                    return v < 0 && WriteErrno(w, (int)v);
                }
            case ParamType.Fd: return WriteFdResolved(ctx, w, (long)U64(d));
            case ParamType.Pid:
                {
                    var t = ctx.State.Threads.Get((long)U64(d));
                    if (t is null || t.Comm.IsEmpty) return false;
                    w.Write(t.Comm.Bytes);
                    return true;
                }
            case ParamType.FsPath:
            case ParamType.FsRelPath:
                return WritePathResolved(ctx, p, type, d, w, index);
            case ParamType.SyscallId:
                {
                    ushort id = U16(d);
                    if (id >= SymbolTables.SyscallNames.Length) return false;
                    w.Write(SymbolTables.SyscallNames[id]);
                    return true;
                }
            case ParamType.SigType:
                {
                    byte s = U8(d);
                    if (s == 0 || s >= SymbolTables.SignalNames.Length || SymbolTables.SignalNames[s] is null) return false;
                    w.Write(SymbolTables.SignalNames[s]!);
                    return true;
                }
            case ParamType.RelTime:
                {
                    ulong v = U64(d);
                    if (v == ulong.MaxValue) return false;
                    CFormat.WriteG(w, v / 1e9);
                    w.Write((byte)'s');
                    return true;
                }
            case ParamType.Flags8: return p.Table is not null && FlagsText.Write(w, p.Table, U8(d));
            case ParamType.Flags16: return p.Table is not null && FlagsText.Write(w, p.Table, U16(d));
            case ParamType.Flags32:
            case ParamType.Mode:
                return p.Table is not null && FlagsText.Write(w, p.Table, U32(d));
            case ParamType.Uid:
                {
                    uint uid = U32(d);
                    if (uid == uint.MaxValue) { w.Write("<NONE>"u8); return true; }
                    var name = ctx.State.Users.GetName(uid);
                    if (name is null) { w.Write("<NA>"u8); return true; }
                    w.Write(name.Bytes);
                    return !name.IsEmpty;
                }
            case ParamType.Gid:
                {
                    uint gid = U32(d);
                    if (gid == uint.MaxValue) { w.Write("<NONE>"u8); return true; }
                    var name = ctx.State.Groups.GetName(gid);
                    if (name is null) { w.Write("<NA>"u8); return true; }
                    w.Write(name.Bytes);
                    return !name.IsEmpty;
                }
            case ParamType.Dyn:
                {
                    var sub = p.DynamicTypes;
                    if (d.Length == 0 || sub is null || d[0] >= sub.Length) return false;
                    return RenderResolvedTyped(ctx, p, sub[d[0]].Type, d[1..], w, index);
                }
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Pieces

    private static bool WriteErrno(ByteWriter w, int negative)
    {
        int e = -negative;
        var names = SymbolTables.ErrnoNames;
        if (e <= 0 || e >= names.Length || names[e] is null) return false;
        w.Write(names[e]!);
        return true;
    }

    /// <summary>`&lt;TL&gt;name` of a fd of the event's thread, AT_FDCWD or an errno name.</summary>
    public static bool WriteFdResolved(EventContext ctx, ByteWriter w, long fd)
    {
        var t = ctx.Thread;
        if (t is null) return false;
        if (fd >= 0)
        {
            var f = t.Fds.Get(fd);
            if (f is null) return false;
            WriteFdTypeAndName(w, f);
            return true;
        }
        if (fd == -100) { w.Write("AT_FDCWD"u8); return true; }
        return fd >= int.MinValue && WriteErrno(w, (int)fd);
    }

    /// <summary>`&lt;TL&gt;name` for one fd (name with non-printables removed).</summary>
    public static void WriteFdTypeAndName(ByteWriter w, FdInfo f)
    {
        w.Write((byte)'<');
        w.Write(f.TypeChar);
        byte l4 = f.L4Char;
        if (l4 != 0) w.Write(l4);
        w.Write((byte)'>');
        WriteSanitized(w, f.Name.Bytes);
    }

    /// <summary>Copies bytes up to the first NUL, dropping every byte outside 0x20-0x7E.</summary>
    public static void WriteSanitized(ByteWriter w, ReadOnlySpan<byte> s)
    {
        var dest = w.GetSpan(s.Length);
        int n = 0;
        foreach (byte b in s)
        {
            if (b == 0) break;
            if (b >= 0x20 && b <= 0x7E) dest[n++] = b;
        }
        w.Advance(n);
    }

    private bool WritePathResolved(EventContext ctx, ParamInfo p, ParamType type, ReadOnlySpan<byte> d,
        ByteWriter w, int index)
    {
        var t = ctx.Thread;
        if (t is null || d.Length == 0)
        {
            // sinsp then reports the raw text as the resolved one.
            int start = w.Length;
            WriteSanitized(w, UpToNul(d));
            return w.Length > start;
        }
        if (d.StartsWith("<NA>"u8)) return false;
        var path = UpToNul(d);
        if (path.Length > 0 && path[0] == '/') return false;    // absolute: no resolved text (an empty path resolves to the base, as in sinsp)
        ReadOnlySpan<byte> baseDir = t.Process.Cwd.Bytes;
        if (type == ParamType.FsRelPath)
        {
            int dirIdx = p.DirFdIndex < 0 ? 0 : p.DirFdIndex;
            var info = ctx.Record.Info.Parameters;
            if (dirIdx < info.Length && info[dirIdx].Type == ParamType.Fd)
            {
                long dirfd = (long)U64(ctx.Record.GetParam(dirIdx));
                if (dirfd != -100)
                {
                    // The directory fd's name, cleaned, plus '/'; nothing when unknown or unnamed.
                    var f = t.Fds.Get(dirfd);
                    _scratch.Clear();
                    if (f is not null && !f.Name.IsEmpty)
                    {
                        WriteSanitized(_scratch, f.Name.Bytes);
                        _scratch.Write((byte)'/');
                    }
                    baseDir = _scratch.WrittenSpan;
                }
            }
        }
        if (path.Length == 0)
        {
            // An empty path resolves to the base itself, without its trailing '/' (sinsp).
            if (baseDir.Length > 1 && baseDir[^1] == '/') baseDir = baseDir[..^1];
            w.Write(baseDir);
            return baseDir.Length > 0;
        }
        var dest = w.GetSpan(baseDir.Length + path.Length + 2);
        int n = PathText.Concatenate(dest, baseDir, path, out _);
        w.Advance(n);
        return n > 0;
    }

    private static void WriteFdList(EventContext ctx, ByteWriter w, ReadOnlySpan<byte> d)
    {
        var t = ctx.Thread;
        if (t is null || d.Length < 2) return;
        int count = U16(d);
        int pos = 2;
        for (int j = 0; j < count && pos + 10 <= d.Length; j++, pos += 10)
        {
            long fd = (long)BinaryPrimitives.ReadUInt64LittleEndian(d[pos..]);
            short ev = BinaryPrimitives.ReadInt16LittleEndian(d[(pos + 8)..]);
            if (j > 0) w.Write((byte)' ');
            w.Write((ulong)fd);
            w.Write((byte)':');
            var f = fd >= 0 ? t.Fds.Get(fd) : null;
            w.Write(f is null ? (byte)'?' : f.TypeChar);
            w.WriteHexLower((uint)(int)ev);
        }
    }

    private static void WriteSigSet(ByteWriter w, uint set)
    {
        bool first = true;
        for (int s = 1; s <= 32; s++)
        {
            if ((set & (1u << (s - 1))) == 0) continue;
            string? name = s < SymbolTables.SignalNames.Length ? SymbolTables.SignalNames[s] : null;
            if (name is null) continue;
            if (!first) w.Write((byte)' ');
            w.Write(name);
            first = false;
        }
    }

    /// <summary>printf of a value promoted to int (width 32) or int64 (width 64) per the print format.</summary>
    private static void WriteSigned(ByteWriter w, long v, int width, PrintFormat fmt)
    {
        switch (fmt)
        {
            case PrintFormat.Hex: w.WriteHexUpper(width == 32 ? (uint)(int)v : (ulong)v); break;
            case PrintFormat.Oct: w.WriteOctalAlt(width == 32 ? (uint)(int)v : (ulong)v); break;
            case PrintFormat.PaddedDec: w.WritePadded(v, 9); break;
            default: w.Write(v); break;
        }
    }

    private static void WriteUnsigned32(ByteWriter w, uint v, PrintFormat fmt)
    {
        switch (fmt)
        {
            case PrintFormat.Hex: w.WriteHexUpper(v); break;
            case PrintFormat.Oct: w.WriteOctalAlt(v); break;
            case PrintFormat.PaddedDec: w.WritePadded((int)v, 9); break;
            default: w.Write((long)(int)v); break;   // PRId32 on a uint32
        }
    }

    internal static ReadOnlySpan<byte> UpToNul(ReadOnlySpan<byte> d)
    {
        int nul = d.IndexOf((byte)0);
        return nul >= 0 ? d[..nul] : d;
    }

    // Short reads of damaged parameters give zeros instead of throwing.
    internal static byte U8(ReadOnlySpan<byte> d) => d.Length >= 1 ? d[0] : (byte)0;
    internal static ushort U16(ReadOnlySpan<byte> d) => d.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(d) : (ushort)0;
    internal static uint U32(ReadOnlySpan<byte> d) => d.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(d) : 0;
    internal static ulong U64(ReadOnlySpan<byte> d) => d.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(d) : 0;
}
