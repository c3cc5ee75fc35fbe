using System.Text;
using Sharpdig.Chisels.Api;
using Sharpdig.Chisels.Lua;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels;

/// <summary>
/// Builds the Lua interpreter a chisel runs in: the standard libraries, the `sysdig`, `chisel`
/// and `evt` tables, package.path extended with the chisel folders (for `require`), and a
/// prelude that routes output through the shared writer and turns failed checked calls into
/// Lua errors at the chisel's own line.
/// </summary>
internal static unsafe class ChiselInterpreter
{
    // The prelude receives two tables: raw output helpers and checked API functions keyed "table.name".
    private const string Prelude = """
        local out, checked = ...
        local select, tostring, unpack, error, type = select, tostring, unpack, error, type

        local function all_to_strings(...)
          local n = select("#", ...)
          local t = { ... }
          for i = 1, n do t[i] = tostring(t[i]) end
          return unpack(t, 1, n)
        end

        local raw_print, raw_write, raw_exit = out.print, out.write, out.exit
        print = function(...)
          if not raw_print(...) then raw_print(all_to_strings(...)) end
        end
        io.write = function(...)
          if not raw_write(...) then error("bad argument to 'write' (string expected)", 2) end
          return io.stdout
        end
        os.exit = function(code) raw_exit(code) end

        -- A checked function returns true plus its results, or false plus a message to raise
        -- at the caller's line (level 2 from here, as the wrapper tail-calls raise_or_return).
        local function raise_or_return(ok, ...)
          if ok then return ... end
          error((...), 2)
        end
        for qualified, fn in pairs(checked) do
          local tbl, name = qualified:match("^(%w+)%.([%w_]+)$")
          _G[tbl][name] = function(...) return raise_or_return(fn(...)) end
        end
        """;

    public static LuaState Create(ChiselDirectories directories)
    {
        var lua = new LuaState();
        try
        {
            nint L = lua.Handle;
            NewGlobalTable(lua, "sysdig\0"u8, SysdigFunctions.Register);
            NewGlobalTable(lua, "chisel\0"u8, ChiselFunctions.Register);
            NewGlobalTable(lua, "evt\0"u8, EvtFunctions.Register);

            // package.path = package.path .. ";" .. <chisel folders>
            lua.GetGlobal("package\0"u8);
            string current = lua.GetStringField(-1, "path\0"u8) ?? "";
            LuaState.PushText(L, current + ";" + directories.LuaPackagePath());
            fixed (byte* k = "path\0"u8) lua_setfield(L, -2, k);
            lua.Pop(1);

            string? err = lua.Load(Encoding.UTF8.GetBytes(Prelude), "=sharpdig prelude");
            if (err is not null) throw new ChiselException("internal error in the chisel prelude: " + err);
            lua_createtable(L, 0, 3);
            OutputFunctions.Register(lua);
            lua_createtable(L, 0, 16);
            ChiselFunctions.RegisterChecked(lua);
            SysdigFunctions.RegisterChecked(lua);
            err = lua.Call(2, 0);
            if (err is not null) throw new ChiselException("internal error in the chisel prelude: " + err);
            return lua;
        }
        catch
        {
            lua.Dispose();
            throw;
        }
    }

    private static void NewGlobalTable(LuaState lua, ReadOnlySpan<byte> nameZ, Action<LuaState> fill)
    {
        lua_createtable(lua.Handle, 0, 32);
        fill(lua);
        lua.SetGlobal(nameZ);
    }
}
