using System.Buffers.Binary;
using Sharpdig.Capture;
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
        Span<byte> tmp = stackalloc byte[64];
        Span<byte> raw = stackalloc byte[16];
        // sinsp's rules: a name or "<NA>" for every fd; addresses and ports only for the fds that
        // have them (a listening socket has a server address but no ports), comma-separated.
        for (int i = 0, pos = 2; i < count && pos + 10 <= p.Length; i++, pos += 10)
        {
            long fdnum = BinaryPrimitives.ReadInt64LittleEndian(p[pos..]);
            var fd = ctx.Thread.GetFd(fdnum);
            bool connected = fd is { Type: ScapFdType.IPv4Socket or ScapFdType.IPv6Socket };
            int mark = Scratch.Length;
            switch (_id)
            {
                case Id.Nums: Scratch.Append(fdnum); break;
                case Id.Names:
                    if (fd is null || fd.Name.Bytes.IsEmpty) Scratch.Append("<NA>"u8); else Scratch.Append(fd.Name.Bytes);
                    break;
                case Id.Cips: if (connected) AppendIp(fd!.SourceIp, tmp); break;
                case Id.Sips:
                    if (connected || fd is { Type: ScapFdType.IPv4ServerSocket }) AppendIp(fd!.DestIp, tmp);
                    else if (fd is { Type: ScapFdType.IPv6ServerSocket })
                    {
                        // sinsp prints an IPv6 listening address as IPv4, from its first 4 bytes.
                        fd.DestIp.CopyTo(raw);
                        AppendIp(IpAddress.FromBytes(raw[..4]), tmp);
                    }
                    break;
                case Id.Cports: if (connected) Scratch.Append((ulong)fd!.SourcePort); break;
                case Id.Sports: if (connected) Scratch.Append((ulong)fd!.DestPort); break;
            }
            if (Scratch.Length > mark || _id is Id.Nums or Id.Names) Scratch.Append((byte)',');
        }
        if (Scratch.Length > 0 && Scratch.Span[^1] == (byte)',') Scratch.Truncate(Scratch.Length - 1);
        return Scratch.Length > 0 && SetText(Scratch);
    }

    private void AppendIp(IpAddress ip, Span<byte> tmp) => Scratch.Append(tmp[..Formatting.AddressText.WriteIp(ip, tmp)]);
}
