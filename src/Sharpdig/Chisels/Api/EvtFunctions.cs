using System.Runtime.InteropServices;
using Sharpdig.Events;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Api;

/// <summary>
/// The `evt` table: reads the event being processed. These run for every event a chisel sees,
/// so they are direct C functions that never fail: a missing event or field handle gives nil.
/// </summary>
internal static unsafe class EvtFunctions
{
    public static void Register(Lua.LuaState lua)
    {
        lua.SetFunction("field\0"u8, &Field);
        lua.SetFunction("fields\0"u8, &Fields);
        lua.SetFunction("get_num\0"u8, &GetNum);
        lua.SetFunction("get_ts\0"u8, &GetTs);
        lua.SetFunction("get_type\0"u8, &GetType);
        lua.SetFunction("get_cpuid\0"u8, &GetCpuId);
    }

    /// <summary>evt.field(handle): the value of a field requested with chisel.request_field, or nil.</summary>
    [UnmanagedCallersOnly]
    private static int Field(nint L)
    {
        try
        {
            var chisel = Chisel.Current;
            var evt = chisel?.CurrentEvent;
            // Handles are light userdata holding index + 1 (see chisel.request_field).
            nint handle = (nint)lua_touserdata(L, 1);
            if (evt is null || handle <= 0 || handle > chisel!.Fields.Count) { lua_pushnil(L); return 1; }
            var value = new ChiselFieldValue();
            if (!chisel.Fields[(int)handle - 1].TryExtract(evt, ref value)) { lua_pushnil(L); return 1; }
            Push(L, ref value);
            return 1;
        }
        catch (Exception e)
        {
            if (Chisel.Current is { } c) c.PendingError ??= "evt.field(): " + e.Message;
            lua_pushnil(L);
            return 1;
        }
    }

    /// <summary>
    /// evt.fields(h1, h2, ...): the values of several requested fields at once (nil for each one
    /// without a value). A sharpdig extension: one call from Lua instead of one per field, for the
    /// chisels that read several fields of every event they see.
    /// </summary>
    [UnmanagedCallersOnly]
    private static int Fields(nint L)
    {
        int n = lua_gettop(L);
        try
        {
            var chisel = Chisel.Current;
            var evt = chisel?.CurrentEvent;
            for (int i = 1; i <= n; i++)
            {
                nint handle = (nint)lua_touserdata(L, i);
                var value = new ChiselFieldValue();
                if (evt is null || handle <= 0 || handle > chisel!.Fields.Count || !chisel.Fields[(int)handle - 1].TryExtract(evt, ref value))
                    lua_pushnil(L);
                else
                    Push(L, ref value);
            }
            return n;
        }
        catch (Exception e)
        {
            if (Chisel.Current is { } c) c.PendingError ??= "evt.fields(): " + e.Message;
            lua_settop(L, n);
            for (int i = 0; i < n; i++) lua_pushnil(L);
            return n;
        }
    }

    /// <summary>Numbers become Lua numbers (doubles, as in sysdig), text becomes a byte string.</summary>
    internal static void Push(nint L, ref ChiselFieldValue value)
    {
        switch (value.Kind)
        {
            case ChiselValueKind.Integer: lua_pushnumber(L, value.Integer); break;
            case ChiselValueKind.Unsigned: lua_pushnumber(L, (ulong)value.Integer); break;
            case ChiselValueKind.Double: lua_pushnumber(L, value.Double); break;
            case ChiselValueKind.Boolean: lua_pushboolean(L, value.Integer != 0 ? 1 : 0); break;
            default:
                fixed (byte* p = value.Text) lua_pushlstring(L, p, (nuint)value.Text.Length);
                break;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetNum(nint L)
    {
        var evt = Chisel.Current?.CurrentEvent;
        if (evt is null) { lua_pushnil(L); return 1; }
        lua_pushnumber(L, evt.Number);
        return 1;
    }

    /// <summary>evt.get_ts(): seconds and nanoseconds, two integers.</summary>
    [UnmanagedCallersOnly]
    private static int GetTs(nint L)
    {
        var evt = Chisel.Current?.CurrentEvent;
        if (evt is null) { lua_pushnil(L); return 1; }
        ulong ts = evt.Timestamp;
        lua_pushinteger(L, (nint)(uint)(ts / 1_000_000_000));
        lua_pushinteger(L, (nint)(uint)(ts % 1_000_000_000));
        return 2;
    }

    /// <summary>evt.get_type(): the event name; for generic events, the syscall's name.</summary>
    [UnmanagedCallersOnly]
    private static int GetType(nint L)
    {
        try
        {
            var evt = Chisel.Current?.CurrentEvent;
            if (evt is null) { lua_pushnil(L); return 1; }
            Lua.LuaState.PushText(L, TypeName(evt));
            return 1;
        }
        catch { lua_pushnil(L); return 1; }
    }

    internal static string TypeName(EventRecord evt)
    {
        if (evt.Type is EventTable.Codes.GenericE or EventTable.Codes.GenericX)
        {
            var p = evt.GetParam(0);
            if (p.Length >= 2)
            {
                int id = p[0] | (p[1] << 8);
                var names = SymbolTables.SyscallNames;
                if (id < names.Length && names[id] is { } n) return n;
            }
        }
        return evt.Info.Name;
    }

    [UnmanagedCallersOnly]
    private static int GetCpuId(nint L)
    {
        var evt = Chisel.Current?.CurrentEvent;
        if (evt is null) { lua_pushnil(L); return 1; }
        lua_pushinteger(L, evt.Cpu);
        return 1;
    }
}
