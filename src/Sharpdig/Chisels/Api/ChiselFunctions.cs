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
        lua.SetFunction("sum_rows\0"u8, &SumRows);
        lua.SetFunction("sum_clear\0"u8, &SumClear);
    }

    /// <summary>Checked functions, wrapped by the prelude into chisel.NAME.</summary>
    public static void RegisterChecked(LuaState lua)
    {
        lua.SetFunction("chisel.request_field\0"u8, &RequestField);
        lua.SetFunction("chisel.set_filter\0"u8, &SetFilter);
        lua.SetFunction("chisel.set_event_formatter\0"u8, &SetEventFormatter);
        lua.SetFunction("chisel.exec\0"u8, &Exec);
        lua.SetFunction("chisel.sum_by\0"u8, &SumBy);
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

    /// <summary>
    /// chisel.sum_by({key handles}, value handle, scale, keep_zero), a sharpdig extension: from now
    /// on the host adds each event that passes the chisel's filter to a table of sums by key (see
    /// <see cref="FieldSums"/>), without calling Lua. Returns the handle sum_rows and sum_clear take.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int SumBy(nint L) => ApiCall.Checked(L, static L =>
    {
        var chisel = ApiCall.Chisel;
        if (lua_type(L, 1) != TypeTable) throw new ChiselException("chisel.sum_by: the keys must be a table of field handles");
        var keys = new List<IChiselField>();
        for (int i = 1; ; i++)
        {
            lua_rawgeti(L, 1, i);
            bool end = lua_type(L, -1) == TypeNil;
            IChiselField? key = end ? null : FieldOf(chisel, L, -1);
            Pop(L, 1);
            if (end) break;
            keys.Add(key ?? throw new ChiselException($"chisel.sum_by: key {i} is not a field handle"));
        }
        if (keys.Count == 0) throw new ChiselException("chisel.sum_by: no key fields");
        var value = FieldOf(chisel, L, 2) ?? throw new ChiselException("chisel.sum_by: the value is not a field handle");
        double scale = IsNoneOrNil(L, 3) ? 1 : lua_tonumber(L, 3);
        chisel.Sums.Add(new FieldSums(keys.ToArray(), value, scale, lua_toboolean(L, 4) != 0));
        lua_pushlightuserdata(L, (void*)chisel.Sums.Count);
        return 1;
    });

    private static IChiselField? FieldOf(Chisel chisel, nint L, int idx)
    {
        if (lua_type(L, idx) != TypeLightUserData) return null;
        nint handle = (nint)lua_touserdata(L, idx);
        return handle > 0 && handle <= chisel.Fields.Count ? chisel.Fields[(int)handle - 1] : null;
    }

    private static FieldSums? SumsOf(nint L)
    {
        var chisel = Chisel.Current;
        nint handle = lua_type(L, 1) == TypeLightUserData ? (nint)lua_touserdata(L, 1) : 0;
        return chisel is not null && handle > 0 && handle <= chisel.Sums.Count ? chisel.Sums[(int)handle - 1] : null;
    }

    /// <summary>chisel.sum_rows(handle): the sums as nested tables, rows[k1][k2]... = sum (nil for a bad handle).</summary>
    [UnmanagedCallersOnly]
    private static int SumRows(nint L) => ApiCall.Guarded(L, static L =>
    {
        if (SumsOf(L) is { } sums) sums.PushRows(L);
        else lua_pushnil(L);
        return 1;
    }, "chisel.sum_rows()");

    /// <summary>chisel.sum_clear(handle): starts the sums over (each interval of a live top table).</summary>
    [UnmanagedCallersOnly]
    private static int SumClear(nint L)
    {
        SumsOf(L)?.Clear();
        return 0;
    }
}
