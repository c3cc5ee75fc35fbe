using Sharpdig.Capture;
using Sharpdig.Events;
using Sharpdig.Formatting;

namespace Sharpdig.State;

// File-descriptor events: open/creat/openat, close, dup, fcntl(F_DUPFD), pipe and the
// single-kind fds (eventfd, signalfd, timerfd, inotify).
public sealed partial class StateEngine
{
    private const uint O_DIRECTORY = 1 << 10;   // PPM_O_DIRECTORY

    private void ParseOpenExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return;
        var enter = RetrieveEnter(ctx, rec);
        long fd = P64(rec, 0);
        ReadOnlySpan<byte> name;
        uint flags;
        uint dev = 0;
        ReadOnlySpan<byte> dir;
        ushort type = rec.Type;

        if (type == Ppme.SyscallOpenX)
        {
            name = rec.GetParam(1);
            flags = P32(rec, 2);
            if (rec.ParamCount > 4) dev = P32(rec, 4);
            if (enter is not null && enter.ParamCount >= 2)
            {
                var en = enter.GetParam(0);
                if (en.Length != 0 && !ParamRenderer.UpToNul(en).SequenceEqual("(NULL)"u8)) { name = en; flags = P32(enter, 1); }
            }
            dir = t.Cwd.Bytes;
        }
        else if (type == Ppme.SyscallCreatX)
        {
            name = rec.GetParam(1);
            flags = 0;
            if (rec.ParamCount > 3) dev = P32(rec, 3);
            if (enter is not null && enter.ParamCount >= 1)
            {
                var en = enter.GetParam(0);
                if (en.Length != 0 && !ParamRenderer.UpToNul(en).SequenceEqual("(NULL)"u8)) { name = en; flags = 0; }
            }
            dir = t.Cwd.Bytes;
        }
        else if (type == Ppme.SyscallOpenatX)
        {
            // The old openat carries everything in its enter event.
            if (enter is null) return;
            name = enter.GetParam(1);
            flags = P32(enter, 2);
            dir = DirFor(ctx, t, name, P64(enter, 0));
        }
        else
        {
            name = rec.GetParam(2);
            flags = P32(rec, 3);
            long dirfd = P64(rec, 1);
            if (type == Ppme.SyscallOpenatV2X && rec.ParamCount > 5) dev = P32(rec, 5);
            if (enter is not null && enter.ParamCount >= 3)
            {
                var en = enter.GetParam(1);
                if (en.Length != 0 && !ParamRenderer.UpToNul(en).SequenceEqual("(NULL)"u8))
                {
                    name = en; flags = P32(enter, 2); dirfd = P64(enter, 0);
                }
            }
            dir = DirFor(ctx, t, name, dirfd);
        }

        if (fd < 0) return;
        var f = new FdInfo
        {
            Number = fd,
            Type = (flags & O_DIRECTORY) != 0 ? ScapFdType.Directory : ScapFdType.FileV2,
            OpenFlags = flags, Dev = dev,
            Name = _paths.Get(PathText.JoinForState(dir, name, stackalloc byte[PathText.MaxPathSize])),
        };
        ctx.Fd = AddFd(t, f);
    }

    // Recently opened paths: the same files are opened again and again, and share one name.
    private readonly RecentDecodes<Utf8Text> _paths = new(raw => Utf8Text.FromBytes(raw));

    // sinsp's parse_dirfd: the base directory a path given relative to dirfd is resolved against.
    private byte[] _dirScratch = [];
    private ReadOnlySpan<byte> DirFor(EventContext ctx, ThreadInfo t, ReadOnlySpan<byte> name, long dirfd)
    {
        if (name.Length > 0 && name[0] == '/') return default;
        if (dirfd == -100) return t.Cwd.Bytes;
        var f = GetFd(t, dirfd);
        ctx.Fd = f;
        if (f is null) return "<UNKNOWN>"u8;   // sinsp's placeholder base for an unknown dirfd
        var n = f.Name.Bytes;
        if (_dirScratch.Length < n.Length + 1) _dirScratch = new byte[n.Length + 64];
        n.CopyTo(_dirScratch);
        _dirScratch[n.Length] = (byte)'/';
        return _dirScratch.AsSpan(0, n.Length + 1);
    }

    private void ParseCloseExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0) return;
        if (ctx.Fd is null || ctx.ParserThread is null) return;
        _fdRemoveTid = ctx.ParserThread.Tid;
        _fdToRemove = ctx.ParserThread.LastEventFd;
    }

    private void ParseDupExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return;
        long res = P64(rec, 0);
        if (res < 0) return;
        if (res == 0) t.Flags |= CloneFlags.PipeDst;
        if (res == 1) t.Flags |= CloneFlags.PipeSrc;
        if (ctx.Fd is null) return;
        ctx.Fd = AddFd(t, ctx.Fd.CloneAs(res));
    }

    private void ParseFcntlExit(EventRecord rec, EventContext ctx)
    {
        var t = ctx.ParserThread;
        if (t is null) return;
        long res = P64(rec, 0);
        if (res < 0 || ctx.Fd is null) return;
        // Any saved fcntl enter will do: sinsp saves only the F_DUPFD ones and does not look at the
        // command again, so a saved one that was never used up (its exit was filtered out) makes a
        // later fcntl of another command "duplicate" too.
        if (RetrieveEnter(ctx, rec) is null) return;
        ctx.Fd = AddFd(t, ctx.Fd.CloneAs(res));
    }

    /// <summary>Only F_DUPFD and F_DUPFD_CLOEXEC enters are saved for the exit to use.</summary>
    private static void ParseFcntlEnter(EventRecord rec, EventContext ctx)
    {
        var cmd = rec.GetParam(1);
        if (cmd.Length >= 1 && (cmd[0] == 1 || cmd[0] == 26)) StoreEnter(ctx, rec);   // F_DUPFD, F_DUPFD_CLOEXEC
    }

    private void ParsePipeExit(EventRecord rec, EventContext ctx)
    {
        if (P64(rec, 0) < 0) return;
        var t = ctx.ParserThread;
        if (t is null) return;
        ulong ino = (ulong)P64(rec, 3);
        AddFd(t, new FdInfo { Number = P64(rec, 1), Type = ScapFdType.Fifo, Ino = ino });
        ctx.Fd = AddFd(t, new FdInfo { Number = P64(rec, 2), Type = ScapFdType.Fifo, Ino = ino });
    }

    /// <summary>eventfd, signalfd, timerfd_create, inotify_init: a new fd of one kind, no name.</summary>
    private void AddSimpleFd(EventRecord rec, EventContext ctx, ScapFdType kind)
    {
        long fd = P64(rec, 0);
        var t = ctx.ParserThread;
        if (fd < 0 || t is null) return;
        ctx.Fd = AddFd(t, new FdInfo { Number = fd, Type = kind });
    }
}
