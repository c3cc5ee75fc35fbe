using System.Buffers.Binary;
using Sharpdig.Events;

namespace Sharpdig.Capture.Live;

/// <summary>
/// Turns one kernel record into one scap v2 event record with exactly the parameters the 0.29.3
/// event table lists for its type. The per-family parameter writers live in Families/*.cs, next to
/// the recipes that tell the kernel what to copy for them.
/// </summary>
internal sealed partial class LiveEventDecoder
{
    private readonly ScapRecordBuilder _b = new();

    /// <summary>Added to the kernel's boot-time clock to get nanoseconds since the epoch.</summary>
    public ulong BootToEpochNs { get; set; }

    /// <summary>The buffer the last decoded record was written to (offset 0).</summary>
    public byte[] Buffer => _b.Buffer;

    /// <summary>Decodes one ring record; returns the record length, or 0 if it yields no event.</summary>
    public int Decode(ReadOnlySpan<byte> raw, out ushort cpu)
    {
        var r = new KernelRecord(raw);
        cpu = 0;
        if (!r.IsValid) return 0;
        cpu = r.Cpu;
        ulong ts = r.BootTimestamp + BootToEpochNs;
        switch (r.Kind)
        {
            case KernelRecordKind.ProcessExit:
                WriteProcessExit(ts, r);
                return _b.End();
            case KernelRecordKind.ContextSwitch:
                WriteContextSwitch(ts, r);
                return _b.End();
            case KernelRecordKind.SignalDelivery:
                WriteSignalDelivery(ts, r);
                return _b.End();
            case KernelRecordKind.PageFault:
                WritePageFault(ts, r);
                return _b.End();
            case KernelRecordKind.SyscallEnter:
            case KernelRecordKind.SyscallExit:
                var recipe = SyscallRecipes.Get(r.SyscallNr);
                if (recipe is null) return 0;
                bool enter = r.Kind == KernelRecordKind.SyscallEnter;
                int code = enter ? recipe.EnterEvent : recipe.ExitEvent;
                _b.Begin(ts, r.Tid, code);
                if (recipe.IsGeneric)
                {
                    _b.U16(SyscallRecipes.PpmScId(r.SyscallNr));
                    if (enter) _b.U16((uint)r.SyscallNr);
                }
                else if (!(WriteFileParams(code, r) || WriteNetworkParams(code, r)
                           || WriteProcessParams(code, r) || WriteOtherParams(code, r)
                           || WriteQuotaParams(code, r)))
                {
                    throw new InvalidOperationException($"no live decoder for {EventTable.Get(code)}");
                }
                return _b.End();
            default:
                return 0;
        }
    }

    private void WriteProcessExit(ulong ts, KernelRecord r)
    {
        _b.Begin(ts, r.Tid, 186);
        long code = (long)(uint)r.Arg(0);
        _b.I64(code);                                  // status: the raw wait status
        _b.I64((code >> 8) & 0xFF);                    // ret: exit status
        _b.U8((uint)(code & 0x7F));                    // sig: terminating signal
        _b.U8((code & 0x80) != 0 ? 1u : 0u);           // core dumped
    }

    // ---- small shared writers ---------------------------------------------------------------

    private void Fd(ulong arg) => _b.I64((int)(uint)arg);
    private void Res(KernelRecord r) => _b.I64(r.Ret);
    private void Path(KernelRecord r, int item) => _b.String(r.Blob(item));

    private static ulong ReadU64(ReadOnlySpan<byte> b, int at) =>
        b.Length >= at + 8 ? BinaryPrimitives.ReadUInt64LittleEndian(b[at..]) : 0;

    private static uint ReadU32(ReadOnlySpan<byte> b, int at) =>
        b.Length >= at + 4 ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : 0;

    /// <summary>dev of a FileOfRet/FileOfArg blob, in the userspace encoding sysdig prints.</summary>
    private static uint FileDev(ReadOnlySpan<byte> blob) => LinuxToScap.EncodeDev(ReadU32(blob, 0));
    private static ulong FileIno(ReadOnlySpan<byte> blob) => ReadU64(blob, 8);
}
