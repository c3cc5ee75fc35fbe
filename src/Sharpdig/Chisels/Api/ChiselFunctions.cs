using System.Runtime.InteropServices;
using Sharpdig.Chisels.Lua;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Api;

/// <summary>The `chisel` table: what a chisel sets up about itself (fields, filter, formatter, timer, exec).</summary>
internal static unsafe class ChiselFunctions
{
    public static void Register(LuaState lua)
    {
        lua.SetFunction("set_interval_ns\0"u8, &SetIntervalNs);
        lua.SetFunction("set_interval_s\0"u8, &SetIntervalS);
        lua.SetFunction("set_precise_interval_ns\0"u8, &SetPreciseIntervalNs);
    }

    /// <summary>Checked functions, wrapped by the prelude into chisel.NAME.</summary>
    public static void RegisterChecked(LuaState lua)
    {
        lua.SetFunction("chisel.request_field\0"u8, &RequestField);
        lua.SetFunction("chisel.set_filter\0"u8, &SetFilter);
        lua.SetFunction("chisel.set_event_formatter\0"u8, &SetEventFormatter);
        lua.SetFunction("chisel.exec\0"u8, &Exec);
    }

    /// <summary>chisel.request_field(name): compiles the field once; returns the handle evt.field takes.</summary>
    [UnmanagedCallersOnly]
    private static int RequestField(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        string? name = LuaState.ToText(L, 1) ?? throw new ChiselException("chisel requesting nil field");
        IChiselField field;
        try { field = chisel.Engine.CompileField(name); }
        catch (Exception)
        {
            throw new ChiselException($"chisel requesting nonexistent field {name}");
        }
        chisel.Fields.Add(field);
        lua_pushlightuserdata(L, (void*)chisel.Fields.Count);
        return 1;
    });

    /// <summary>chisel.set_filter(text): the chisel's own filter, applied before on_event.</summary>
    [UnmanagedCallersOnly]
    private static int SetFilter(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        string filter = LuaState.ToText(L, 1) ?? "";
        try { chisel.Filter = filter.Length == 0 ? null : chisel.Engine.CompileFilter(filter); }
        catch (Exception e) { throw new ChiselException($"invalid filter in chisel {chisel.Name}: {e.Message}"); }
        return 0;
    });

    /// <summary>chisel.set_event_formatter(format): print each event the chisel keeps with this -p format.</summary>
    [UnmanagedCallersOnly]
    private static int SetEventFormatter(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        string format = LuaState.ToText(L, 1) ?? "";
        try { chisel.Formatter = chisel.Engine.CompileFormatter(format); }
        catch (Exception e) { throw new ChiselException($"invalid formatter in chisel {chisel.Name}: {e.Message}"); }
        return 0;
    });

    [UnmanagedCallersOnly]
    private static int SetIntervalNs(nint L)
    {
        if (Chisel.Current is { } c) c.IntervalNs = ToUInt64(lua_tonumber(L, 1));
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int SetIntervalS(nint L)
    {
        if (Chisel.Current is { } c) c.IntervalNs = ToUInt64(lua_tonumber(L, 1)) * 1_000_000_000UL;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int SetPreciseIntervalNs(nint L)
    {
        if (Chisel.Current is { } c) c.PreciseIntervalNs = ToUInt64(lua_tonumber(L, 1));
        return 0;
    }

    private static ulong ToUInt64(double d) => d <= 0 || double.IsNaN(d) ? 0 : d >= ulong.MaxValue ? ulong.MaxValue : (ulong)d;

    /// <summary>
    /// chisel.exec(name, args...): once on_init returns, this chisel is replaced by chisel
    /// `name`, given these arguments (how sysdig's top* chisels reuse table_generator).
    /// </summary>
    [UnmanagedCallersOnly]
    private static int Exec(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        string name = LuaState.ToText(L, 1) ?? throw new ChiselException($"invalid exec field name in chisel {chisel.Name}");
        chisel.ExecTarget = name;
        chisel.ArgValues.Clear();
        for (int i = 2; ; i++)
        {
            string? v = LuaState.ToText(L, i);
            if (v is null) break;
            chisel.ArgValues.Add(v);
        }
        return 0;
    });
}
