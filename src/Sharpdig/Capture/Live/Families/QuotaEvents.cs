namespace Sharpdig.Capture.Live;

// Disk quotas: quotactl(cmd, special, id, addr), with the fields sysdig's driver takes from the
// struct at addr (if_dqblk for Q_GETQUOTA/Q_SETQUOTA, if_dqinfo for Q_GETINFO/Q_SETINFO, a format
// number for Q_GETFMT) and its path for Q_QUOTAON.

internal static partial class SyscallRecipes
{
    private static void AddQuotaRecipes(AddRecipe add)
    {
        // addr is read at every size its command may use: which one applies is only known in C#,
        // and a larger read could fail at the end of a mapping.
        add("quotactl", 190, 191, [],
            [Str(1), Str(3), Fixed(3, Quota.DqblkSize), Fixed(3, Quota.DqinfoSize), Fixed(3, 4)]);
    }
}

/// <summary>quotactl commands, types and formats: Linux values to the scap flag values.</summary>
internal static class Quota
{
    public const int DqblkSize = 72, DqinfoSize = 24;

    // scap's PPM_Q_* bits
    public const ushort QuotaOn = 1 << 0, GetFmt = 1 << 2, GetInfo = 1 << 3, SetInfo = 1 << 4,
        GetQuota = 1 << 5, SetQuota = 1 << 6, XGetQuota = 1 << 10, XSetQLim = 1 << 11;
    public const byte FormatNotUsed = 1 << 0;

    /// <summary>The command (cmd &gt;&gt; 8) as a PPM_Q_* bit; 0 for commands the 0.29.3 table lacks.</summary>
    public static ushort Command(ulong cmd) => ((uint)cmd >> 8) switch
    {
        0x800002 => QuotaOn,
        0x800003 => 1 << 1,      // Q_QUOTAOFF
        0x800004 => GetFmt,
        0x800005 => GetInfo,
        0x800006 => SetInfo,
        0x800007 => GetQuota,
        0x800008 => SetQuota,
        0x800001 => 1 << 7,      // Q_SYNC
        0x5801 => 1 << 8,        // Q_XQUOTAON (XFS)
        0x5802 => 1 << 9,        // Q_XQUOTAOFF
        0x5803 => XGetQuota,
        0x5804 => XSetQLim,
        0x5805 => 1 << 12,       // Q_XGETQSTAT
        0x5806 => 1 << 13,       // Q_XQUOTARM
        0x5807 => 1 << 14,       // Q_XQUOTASYNC
        _ => 0,
    };

    /// <summary>The quota type (cmd &amp; 0xff): user 1, group 2, others 0.</summary>
    public static byte Type(ulong cmd) => (cmd & 0xff) switch { 0 => 1, 1 => 2, _ => 0 };

    /// <summary>QFMT_VFS_OLD/V0/V1 to their scap bits; anything else is "not used".</summary>
    public static byte Format(ulong fmt) => fmt switch { 1 => 1 << 1, 2 => 1 << 2, 4 => 1 << 3, _ => FormatNotUsed };
}

internal sealed partial class LiveEventDecoder
{
    private bool WriteQuotaParams(int code, KernelRecord r)
    {
        var b = _b;
        ushort cmd = Quota.Command(r.Arg(0));
        switch (code)
        {
            case 190:  // quotactl >: cmd, type, id (uid/gid commands only), quota_fmt (Q_QUOTAON only)
            {
                ulong id = r.Arg(2);
                b.U16(cmd);
                b.U8(Quota.Type(r.Arg(0)));
                b.U32(cmd is Quota.GetQuota or Quota.SetQuota or Quota.XGetQuota or Quota.XSetQLim ? (uint)id : 0);
                b.U8(cmd == Quota.QuotaOn ? Quota.Format(id) : Quota.FormatNotUsed);
                return true;
            }
            case 191:  // quotactl <
            {
                Res(r);
                Path(r, 0);                                  // special
                if (cmd == Quota.QuotaOn) Path(r, 1); else b.String(default);   // quotafilepath
                // struct if_dqblk: u64 bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit,
                // curinodes, btime, itime; u32 valid. Fields count only when their QIF_* bit is set.
                var blk = cmd is Quota.GetQuota or Quota.SetQuota ? r.Blob(2) : default;
                uint valid = ReadU32(blk, 64);
                b.U64(ValidU64(blk, 0, valid, 1)); b.U64(ValidU64(blk, 1, valid, 1));   // QIF_BLIMITS
                b.U64(ValidU64(blk, 2, valid, 2));                                     // QIF_SPACE
                b.U64(ValidU64(blk, 3, valid, 4)); b.U64(ValidU64(blk, 4, valid, 4));   // QIF_ILIMITS
                b.U64(ValidU64(blk, 6, valid, 16));                                    // QIF_BTIME
                b.U64(ValidU64(blk, 7, valid, 32));                                    // QIF_ITIME
                // struct if_dqinfo: u64 bgrace, igrace; u32 flags, valid
                var info = cmd is Quota.GetInfo or Quota.SetInfo ? r.Blob(3) : default;
                uint ivalid = ReadU32(info, 20);
                b.U64(ValidU64(info, 0, ivalid, 1));               // IIF_BGRACE
                b.U64(ValidU64(info, 1, ivalid, 2));               // IIF_IGRACE
                b.U8((ivalid & 4) != 0 ? (byte)ReadU32(info, 16) : 0u);   // IIF_FLAGS
                b.U8(cmd == Quota.GetFmt ? Quota.Format(ReadU32(r.Blob(4), 0)) : Quota.FormatNotUsed);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>The u64 field number <paramref name="field"/> of a struct, or 0 when its validity bit is clear.</summary>
    private static ulong ValidU64(ReadOnlySpan<byte> s, int field, uint valid, uint bit) =>
        (valid & bit) != 0 ? ReadU64(s, field * 8) : 0;
}
