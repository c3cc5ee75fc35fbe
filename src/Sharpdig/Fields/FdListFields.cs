using System.Buffers.Binary;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>The fdlist.* fields: the fds a poll-like event names, resolved through the thread's fd table.</summary>
internal sealed class FdListFieldExtractor : FieldExtractor
{
    private enum Id { Nums, Names, Cips, Sips, Cports, Sports }

    private readonly Id _id;

    private FdListFieldExtractor(FieldInfo info, string text, Id id) : base(info, text) => _id = id;

    public static bool TryCreate(FieldInfo info, string text, out FieldExtractor? x, out string error)
    {
        error = "";
        Id id = info.Name switch
        {
            "fdlist.nums" => Id.Nums, "fdlist.names" => Id.Names, "fdlist.cips" => Id.Cips,
            "fdlist.sips" => Id.Sips, "fdlist.cports" => Id.Cports, _ => Id.Sports,
        };
        x = new FdListFieldExtractor(info, text, id);
        return true;
    }

    public override bool Extract(EventContext ctx)
    {
        var e = ctx.Record;
        int idx = -1;
        for (int i = 0; i < e.ParamCount; i++)
            if (e.Info.Parameters[i].Type == ParamType.FdList) { idx = i; break; }
        if (idx < 0 || ctx.Thread is null) return false;
        var p = e.GetParam(idx);
        if (p.Length < 2) return false;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(p);
        Scratch.Clear();
        bool any = false;
        Span<byte> tmp = stackalloc byte[64];
        for (int i = 0, pos = 2; i < count && pos + 10 <= p.Length; i++, pos += 10)
        {
            long fdnum = BinaryPrimitives.ReadInt64LittleEndian(p[pos..]);
            var fd = ctx.Thread.GetFd(fdnum);
            int mark = Scratch.Length;
            if (any) Scratch.Append((byte)',');
            bool wrote = true;
            switch (_id)
            {
                case Id.Nums: Scratch.Append(fdnum); break;
                case Id.Names: if (fd is null) wrote = false; else Scratch.Append(fd.Name.Bytes); break;
                case Id.Cips: if (fd is not { IsIpSocket: true }) wrote = false; else Scratch.Append(tmp[..Formatting.AddressText.WriteIp(fd.SourceIp, tmp)]); break;
                case Id.Sips: if (fd is not { IsIpSocket: true }) wrote = false; else Scratch.Append(tmp[..Formatting.AddressText.WriteIp(fd.DestIp, tmp)]); break;
                case Id.Cports: if (fd is not { IsIpSocket: true }) wrote = false; else Scratch.Append((ulong)fd.SourcePort); break;
                case Id.Sports: if (fd is not { IsIpSocket: true }) wrote = false; else Scratch.Append((ulong)fd.DestPort); break;
            }
            if (!wrote) { Scratch.Truncate(mark); continue; }
            any = true;
        }
        return any && SetText(Scratch);
    }
}
