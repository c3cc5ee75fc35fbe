using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Formatting;

/// <summary>-t modes.</summary>
public enum TimeStyle { Human, Absolute, Relative, Latency, Delta }

/// <summary>
/// sysdig's default line: `%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir
/// %evt.type %evt.info`, written straight into the output buffer.
/// </summary>
public sealed class DefaultLineFormatter
{
    private readonly ParamRenderer _params;
    private readonly TimeText _time = new();
    private readonly TimeStyle _style;
    private readonly Func<ulong> _firstEventTs;

    public DefaultLineFormatter(ParamRenderer renderer, TimeStyle style, Func<ulong> firstEventTs)
    {
        _params = renderer; _style = style; _firstEventTs = firstEventTs;
    }

    public void Write(EventContext ctx, ByteWriter w)
    {
        var rec = ctx.Record;
        w.Write(rec.Number);
        w.Write((byte)' ');
        WriteTime(ctx, w);
        w.Write((byte)' ');
        w.Write((ulong)rec.Cpu);
        w.Write((byte)' ');
        var t = ctx.Thread;
        if (t is null) w.Write("<NA>"u8); else w.Write(t.Comm.Bytes);
        w.Write(" ("u8);
        w.Write(rec.ThreadId);
        w.Write(") "u8);
        w.Write(rec.Info.IsEnter ? (byte)'>' : (byte)'<');
        w.Write((byte)' ');
        WriteTypeName(rec, w);
        w.Write((byte)' ');
        _params.RenderInfo(ctx, w);
        w.Write((byte)'\n');
    }

    public void WriteTime(EventContext ctx, ByteWriter w)
    {
        ulong ts = ctx.Record.Timestamp;
        switch (_style)
        {
            case TimeStyle.Human: _time.WriteHuman(w, ts); break;
            case TimeStyle.Absolute: TimeText.WriteAbsolute(w, ts); break;
            case TimeStyle.Relative: TimeText.WriteDuration(w, ts - _firstEventTs()); break;
            case TimeStyle.Latency: TimeText.WriteDuration(w, ctx.Latency); break;
            case TimeStyle.Delta: _time.WriteDeltaFromPrevious(w, ts); break;
        }
    }

    private static readonly byte[][] s_typeNames = BuildTypeNames();
    private static readonly byte[][] s_syscallNames = SymbolTables.SyscallNames.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

    private static byte[][] BuildTypeNames()
    {
        var all = EventTable.All;
        var names = new byte[all.Length][];
        for (int i = 0; i < all.Length; i++) names[i] = System.Text.Encoding.UTF8.GetBytes(all[i].Name);
        return names;
    }

    /// <summary>evt.type: the table name, or for generic events the syscall named by parameter 0.</summary>
    public static void WriteTypeName(EventRecord rec, ByteWriter w)
    {
        if (rec.Type <= EventTable.Codes.GenericX)
        {
            var p = rec.GetParam(0);
            int id = p.Length >= 2 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(p) : -1;
            if (id >= 0 && id < s_syscallNames.Length) w.Write(s_syscallNames[id]);
            else w.Write("<NA>"u8);
            return;
        }
        w.Write(s_typeNames[rec.Type]);
    }

    /// <summary>evt.type as a string (summary tables, chisels).</summary>
    public static string TypeName(EventRecord rec)
    {
        if (rec.Type <= EventTable.Codes.GenericX)
        {
            var p = rec.GetParam(0);
            int id = p.Length >= 2 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(p) : -1;
            return id >= 0 && id < SymbolTables.SyscallNames.Length ? SymbolTables.SyscallNames[id] : "<NA>";
        }
        return rec.Info.Name;
    }
}
