using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Sharpdig.Chisels.Lua;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Api;

/// <summary>The `sysdig` table: facts about the capture and the engine, and a few engine-wide settings.</summary>
internal static unsafe class SysdigFunctions
{
    public static void Register(LuaState lua)
    {
        lua.SetFunction("set_snaplen\0"u8, &SetSnaplen);
        lua.SetFunction("set_fatfile_dump_mode\0"u8, &Ignore);
        lua.SetFunction("is_live\0"u8, &IsLive);
        lua.SetFunction("is_tty\0"u8, &IsTty);
        lua.SetFunction("get_terminal_info\0"u8, &GetTerminalInfo);
        lua.SetFunction("get_filter\0"u8, &GetFilter);
        lua.SetFunction("get_container_table\0"u8, &GetContainerTable);
        lua.SetFunction("is_print_container_data\0"u8, &IsPrintContainerData);
        lua.SetFunction("get_output_format\0"u8, &GetOutputFormat);
        lua.SetFunction("get_evtsource_name\0"u8, &GetEvtSourceName);
        lua.SetFunction("get_firstevent_ts\0"u8, &GetFirstEventTs);
        lua.SetFunction("get_lastevent_ts\0"u8, &GetLastEventTs);
        lua.SetFunction("make_ts\0"u8, &MakeTs);
        lua.SetFunction("add_ts\0"u8, &AddTs);
        lua.SetFunction("subtract_ts\0"u8, &SubtractTs);
        lua.SetFunction("run_app\0"u8, &RunApp);
        lua.SetFunction("end_capture\0"u8, &EndCapture);
        lua.SetFunction("log\0"u8, &Ignore);
        lua.SetFunction("get_read_progress\0"u8, &GetReadProgress);
    }

    /// <summary>Checked functions, wrapped by the prelude into sysdig.NAME.</summary>
    public static void RegisterChecked(LuaState lua)
    {
        lua.SetFunction("sysdig.set_filter\0"u8, &SetCaptureFilter);
        lua.SetFunction("sysdig.set_output_format\0"u8, &SetOutputFormat);
        lua.SetFunction("sysdig.get_machine_info\0"u8, &GetMachineInfo);
        lua.SetFunction("sysdig.get_thread_table\0"u8, &GetThreadTable);
        lua.SetFunction("sysdig.get_thread_table_nofds\0"u8, &GetThreadTableNoFds);
        lua.SetFunction("sysdig.get_thread_table_barebone\0"u8, &GetThreadTableBarebone);
        lua.SetFunction("sysdig.get_thread_table_barebone_nofds\0"u8, &GetThreadTableBareboneNoFds);
        lua.SetFunction("sysdig.udp_setpeername\0"u8, &UdpSetPeerName);
        lua.SetFunction("sysdig.udp_send\0"u8, &UdpSend);
    }

    [UnmanagedCallersOnly] private static int Ignore(nint L) => 0;

    [UnmanagedCallersOnly]
    private static int SetSnaplen(nint L) => ApiCall.Guarded(L, static L =>
    {
        ApiCall.Chisel.Engine.SetSnaplen((int)Math.Clamp(lua_tonumber(L, 1), 0, int.MaxValue));
        return 0;
    }, "sysdig.set_snaplen()");

    [UnmanagedCallersOnly]
    private static int SetCaptureFilter(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        string filter = LuaState.ToText(L, 1) ?? "";
        try { chisel.Engine.SetCaptureFilter(filter); }
        catch (Exception e) { throw new ChiselException($"invalid filter in chisel {chisel.Name}: {e.Message}"); }
        return 0;
    });

    [UnmanagedCallersOnly]
    private static int SetOutputFormat(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        string name = LuaState.ToText(L, 1) ?? "";
        if (!chisel.Engine.SetBufferFormat(name))
            throw new ChiselException($"invalid set_output_format value in chisel {chisel.Name}");
        return 0;
    });

    [UnmanagedCallersOnly]
    private static int IsLive(nint L) => PushBool(L, Chisel.Current?.Engine.IsLive ?? false);

    [UnmanagedCallersOnly]
    private static int IsTty(nint L) => PushBool(L, !Console.IsOutputRedirected);

    [UnmanagedCallersOnly]
    private static int IsPrintContainerData(nint L) => PushBool(L, Chisel.Current?.Engine.PrintContainerData ?? false);

    private static int PushBool(nint L, bool b) { lua_pushboolean(L, b ? 1 : 0); return 1; }

    [UnmanagedCallersOnly]
    private static int GetTerminalInfo(nint L) => ApiCall.Guarded(L, static L =>
    {
        int width = -1, height = -1;
        if (!Console.IsOutputRedirected)
        {
            try { width = Console.WindowWidth; height = Console.WindowHeight; } catch (IOException) { }
        }
        lua_createtable(L, 0, 2);
        SetNumber(L, "width\0"u8, width);
        SetNumber(L, "height\0"u8, height);
        return 1;
    }, "sysdig.get_terminal_info()");

    [UnmanagedCallersOnly]
    private static int GetFilter(nint L) => ApiCall.Guarded(L, static L =>
    {
        LuaState.PushText(L, ApiCall.Chisel.Engine.CaptureFilter);
        return 1;
    }, "sysdig.get_filter()");

    [UnmanagedCallersOnly]
    private static int GetOutputFormat(nint L) => ApiCall.Guarded(L, static L =>
    {
        LuaState.PushText(L, ApiCall.Chisel.Engine.JsonOutput ? "json" : "normal");
        return 1;
    }, "sysdig.get_output_format()");

    [UnmanagedCallersOnly]
    private static int GetEvtSourceName(nint L) => ApiCall.Guarded(L, static L =>
    {
        var engine = ApiCall.Chisel.Engine;
        LuaState.PushText(L, engine.IsLive ? "" : engine.InputFileName);
        return 1;
    }, "sysdig.get_evtsource_name()");

    [UnmanagedCallersOnly]
    private static int GetFirstEventTs(nint L) => ApiCall.Guarded(L, static L =>
    {
        LuaState.PushText(L, ApiCall.Chisel.Engine.FirstEventTimestamp.ToString(CultureInfo.InvariantCulture));
        return 1;
    }, "sysdig.get_firstevent_ts()");

    [UnmanagedCallersOnly]
    private static int GetLastEventTs(nint L) => ApiCall.Guarded(L, static L =>
    {
        LuaState.PushText(L, ApiCall.Chisel.Engine.LastEventTimestamp.ToString(CultureInfo.InvariantCulture));
        return 1;
    }, "sysdig.get_lastevent_ts()");

    [UnmanagedCallersOnly]
    private static int GetReadProgress(nint L) => ApiCall.Guarded(L, static L =>
    {
        lua_pushnumber(L, ApiCall.Chisel.Engine.ReadProgress);
        return 1;
    }, "sysdig.get_read_progress()");

    /// <summary>sysdig.make_ts(s, ns): the timestamp s*1e9+ns as a decimal string (exact beyond 2^53).</summary>
    [UnmanagedCallersOnly]
    private static int MakeTs(nint L)
    {
        ulong s = (uint)lua_tointeger(L, 1), ns = (uint)lua_tointeger(L, 2);
        PushDecimal(L, s * 1_000_000_000UL + ns);
        return 1;
    }

    [UnmanagedCallersOnly]
    private static int AddTs(nint L)
    {
        PushDecimal(L, ParseU64(L, 1) + ParseU64(L, 2));
        return 1;
    }

    [UnmanagedCallersOnly]
    private static int SubtractTs(nint L)
    {
        PushDecimal(L, ParseU64(L, 1) - ParseU64(L, 2));
        return 1;
    }

    private static ulong ParseU64(nint L, int idx)
    {
        var bytes = LuaState.ToBytes(L, idx);
        ulong v = 0;
        foreach (byte b in bytes)
        {
            if (b < '0' || b > '9') break;
            v = v * 10 + (ulong)(b - '0');
        }
        return v;
    }

    private static void PushDecimal(nint L, ulong v)
    {
        Span<byte> buf = stackalloc byte[24];
        v.TryFormat(buf, out int n, default, CultureInfo.InvariantCulture);
        LuaState.PushBytes(L, buf[..n]);
    }

    [UnmanagedCallersOnly]
    private static int RunApp(nint L)
    {
        if (Chisel.Current is { } c) c.NextRunArgs = LuaState.ToText(L, 1) ?? "";
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int EndCapture(nint L)
    {
        if (Chisel.Current is { } c) c.EndCaptureRequested = true;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int GetMachineInfo(nint L) => ApiCall.Checked(L, static L =>
    {
        var info = ApiCall.Chisel.Engine.MachineInfo
            ?? throw new ChiselException("get_machine_info can only be called from the on_capture_start callback");
        lua_createtable(L, 0, 4);
        SetNumber(L, "num_cpus\0"u8, info.CpuCount);
        SetNumber(L, "memory_size_bytes\0"u8, info.MemorySizeBytes);
        SetNumber(L, "max_pid\0"u8, info.MaxPid);
        SetText(L, "hostname\0"u8, info.Hostname);
        return 1;
    });

    [UnmanagedCallersOnly] private static int GetThreadTable(nint L) => ApiCall.Checked(L, static L => PushThreads(L, true, false));
    [UnmanagedCallersOnly] private static int GetThreadTableNoFds(nint L) => ApiCall.Checked(L, static L => PushThreads(L, false, false));
    [UnmanagedCallersOnly] private static int GetThreadTableBarebone(nint L) => ApiCall.Checked(L, static L => PushThreads(L, true, true));
    [UnmanagedCallersOnly] private static int GetThreadTableBareboneNoFds(nint L) => ApiCall.Checked(L, static L => PushThreads(L, false, true));

    /// <summary>
    /// The thread table as sysdig's chisels expect it: a table keyed by tid of thread tables, each
    /// with an `fdtable` keyed by fd number. An optional filter keeps the threads having at least
    /// one matching fd, and only the matching fds.
    /// </summary>
    private static int PushThreads(nint L, bool includeFds, bool barebone)
    {
        var chisel = ApiCall.Chisel;
        string? filter = lua_type(L, 1) == TypeString ? LuaState.ToText(L, 1) : null;
        if (filter == "") filter = null;
        IReadOnlyList<ChiselThread> threads;
        try { threads = chisel.Engine.GetThreads(filter, includeFds); }
        catch (Exception e) when (e is not ChiselException || filter is not null)
        {
            throw new ChiselException($"invalid filter argument for get_thread_table in chisel {chisel.Name}: {e.Message}");
        }

        lua_createtable(L, 0, threads.Count);
        foreach (var t in threads)
        {
            lua_checkstack(L, 8);
            lua_createtable(L, 0, barebone ? 3 : 24);
            SetNumber(L, "tid\0"u8, (uint)t.Tid);
            SetNumber(L, "pid\0"u8, (uint)t.Pid);
            if (!barebone)
            {
                SetNumber(L, "ptid\0"u8, (uint)t.Ptid);
                SetText(L, "comm\0"u8, t.Comm);
                SetText(L, "exe\0"u8, t.Exe);
                SetNumber(L, "flags\0"u8, t.Flags);
                SetNumber(L, "fdlimit\0"u8, t.FdLimit);
                SetNumber(L, "uid\0"u8, t.Uid);
                SetNumber(L, "gid\0"u8, t.Gid);
                SetNumber(L, "nchilds\0"u8, t.ChildCount);
                SetNumber(L, "vmsize_kb\0"u8, t.VmSizeKb);
                SetNumber(L, "vmrss_kb\0"u8, t.VmRssKb);
                SetNumber(L, "vmswap_kb\0"u8, t.VmSwapKb);
                SetNumber(L, "pfmajor\0"u8, (uint)t.PageFaultsMajor);
                SetNumber(L, "pfminor\0"u8, (uint)t.PageFaultsMinor);
                SetText(L, "clone_ts\0"u8, t.CloneTimestamp.ToString(CultureInfo.InvariantCulture));
                SetText(L, "username\0"u8, t.UserName);
                PushStringArray(L, t.Args);
                fixed (byte* k = "args\0"u8) lua_setfield(L, -2, k);
                PushStringArray(L, t.Env);
                fixed (byte* k = "env\0"u8) lua_setfield(L, -2, k);
            }
            lua_createtable(L, 0, includeFds ? t.Fds.Count : 0);
            if (includeFds)
            {
                foreach (var fd in t.Fds)
                {
                    lua_createtable(L, 0, 10);
                    if (!barebone)
                    {
                        SetText(L, "name\0"u8, fd.Name);
                        SetText(L, "type\0"u8, fd.Type);
                    }
                    if (fd.IsSocket)
                    {
                        if (fd.HasClient) SetText(L, "cip\0"u8, fd.ClientIp);
                        SetText(L, "sip\0"u8, fd.ServerIp);
                        if (fd.HasClient) SetNumber(L, "cport\0"u8, fd.ClientPort);
                        SetNumber(L, "sport\0"u8, fd.ServerPort);
                        lua_pushboolean(L, fd.IsServer ? 1 : 0);
                        fixed (byte* k = "is_server\0"u8) lua_setfield(L, -2, k);
                        SetText(L, "l4proto\0"u8, fd.L4Proto);
                    }
                    lua_rawseti(L, -2, (int)(uint)fd.Number);
                }
            }
            fixed (byte* k = "fdtable\0"u8) lua_setfield(L, -2, k);
            lua_rawseti(L, -2, (int)(uint)t.Tid);
        }
        return 1;
    }

    [UnmanagedCallersOnly]
    private static int GetContainerTable(nint L) => ApiCall.Guarded(L, static L =>
    {
        var containers = ApiCall.Chisel.Engine.GetContainers();
        lua_createtable(L, containers.Count, 0);
        int i = 0;
        foreach (var c in containers)
        {
            lua_createtable(L, 0, 4);
            SetText(L, "id\0"u8, c.Id);
            SetText(L, "name\0"u8, c.Name);
            SetText(L, "image\0"u8, c.Image);
            SetText(L, "type\0"u8, c.Type);
            lua_rawseti(L, -2, ++i);
        }
        return 1;
    }, "sysdig.get_container_table()");

    private static UdpClient? s_udp;
    private static IPEndPoint? s_udpPeer;

    [UnmanagedCallersOnly]
    private static int UdpSetPeerName(nint L) => ApiCall.Checked(L, static L =>
    {
        string addr = LuaState.ToText(L, 1) ?? "";
        string port = LuaState.ToText(L, 2) ?? "";
        if (!IPAddress.TryParse(addr, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            throw new ChiselException("inet_pton error occurred");
        if (!ushort.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out ushort p))
            throw new ChiselException($"invalid port {port}");
        s_udp ??= new UdpClient(AddressFamily.InterNetwork);
        s_udpPeer = new IPEndPoint(ip, p);
        return 0;
    });

    [UnmanagedCallersOnly]
    private static int UdpSend(nint L) => ApiCall.Checked(L, static L =>
    {
        if (s_udp is null || s_udpPeer is null) throw new ChiselException("udp_send error: call udp_setpeername first");
        var bytes = LuaState.ToBytes(L, 1).ToArray();
        try { s_udp.Send(bytes, bytes.Length, s_udpPeer); }
        catch (SocketException) { throw new ChiselException("udp_send error: cannot send the buffer"); }
        return 0;
    });

    private static void SetNumber(nint L, ReadOnlySpan<byte> keyZ, double value)
    {
        lua_pushnumber(L, value);
        fixed (byte* k = keyZ) lua_setfield(L, -2, k);
    }

    private static void SetText(nint L, ReadOnlySpan<byte> keyZ, string value)
    {
        LuaState.PushText(L, value);
        fixed (byte* k = keyZ) lua_setfield(L, -2, k);
    }

    private static void PushStringArray(nint L, IReadOnlyList<string> items)
    {
        lua_createtable(L, items.Count, 0);
        for (int i = 0; i < items.Count; i++)
        {
            LuaState.PushText(L, items[i]);
            lua_rawseti(L, -2, i + 1);
        }
    }
}
