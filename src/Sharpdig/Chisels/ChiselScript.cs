using Sharpdig.Chisels.Lua;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels;

/// <summary>
/// Reads the globals a chisel file defines about itself (description, short_description,
/// category, hidden, view_info, args) from a Lua state in which the file has run.
/// </summary>
internal static unsafe class ChiselScript
{
    /// <summary>
    /// The `args` table as sysdig reads it: each entry a table of name/argtype/description
    /// (strings) and optional (boolean). Throws when the table is missing or malformed.
    /// </summary>
    public static List<ChiselArgument> ReadArgs(LuaState lua, string chiselName)
    {
        nint L = lua.Handle;
        lua.GetGlobal("args\0"u8);
        try
        {
            if (lua.Type(-1) != TypeTable)
                throw new ChiselException($"Failed to load chisel {chiselName}: args table missing");
            var result = new List<ChiselArgument>();
            lua_pushnil(L);
            while (lua_next(L, -2) != 0)
            {
                if (lua.Type(-1) == TypeTable) result.Add(ReadArg(lua, chiselName));
                else if (lua_isstring(L, -1) == 0)
                    throw new ChiselException($"Failed to load chisel {chiselName}: args entries must be tables");
                lua.Pop(1);
            }
            return result;
        }
        finally { lua_settop(L, 0); }
    }

    private static ChiselArgument ReadArg(LuaState lua, string chiselName)
    {
        nint L = lua.Handle;
        string name = "", type = "", desc = "";
        bool optional = false;
        lua_pushnil(L);
        while (lua_next(L, -2) != 0)
        {
            // Keys are read by copy: lua_tolstring on the key itself would confuse lua_next.
            lua_pushvalue(L, -2);
            string key = lua.ToText(-1) ?? "";
            lua.Pop(1);
            int t = lua.Type(-1);
            if (t == TypeString || t == TypeNumber)
            {
                string v = lua.ToText(-1) ?? "";
                if (key == "name") name = v;
                else if (key == "argtype") type = v;
                else if (key == "description") desc = v;
            }
            else if (t == TypeBoolean)
            {
                if (key == "optional") optional = lua_toboolean(L, -1) != 0;
            }
            else
            {
                throw new ChiselException($"Failed to load chisel {chiselName}: argument field {key} is not a string");
            }
            lua.Pop(1);
        }
        return new ChiselArgument(name, type, desc, optional);
    }

    /// <summary>
    /// The listing descriptor, or null when the file is not a listable chisel: a view (has
    /// view_info instead of description), hidden, or missing short_description or args.
    /// </summary>
    public static ChiselDescriptor? ReadDescriptor(LuaState lua, string name)
    {
        nint L = lua.Handle;
        lua.GetGlobal("description\0"u8);
        bool hasDescription = lua_isstring(L, -1) != 0;
        string description = hasDescription ? lua.ToText(-1)! : "";
        lua.Pop(1);
        if (!hasDescription) return null;   // views describe themselves in view_info; -cl skips them

        lua.GetGlobal("short_description\0"u8);
        string? shortDescription = lua_isstring(L, -1) != 0 ? lua.ToText(-1) : null;
        lua.Pop(1);
        if (shortDescription is null) return null;

        lua.GetGlobal("category\0"u8);
        string category = lua_isstring(L, -1) != 0 ? lua.ToText(-1)! : "";
        lua.Pop(1);

        lua.GetGlobal("hidden\0"u8);
        bool hidden = lua.Type(-1) == TypeBoolean && lua_toboolean(L, -1) != 0;
        lua.Pop(1);
        if (hidden) return null;

        List<ChiselArgument> args;
        try { args = ReadArgs(lua, name); }
        catch (ChiselException) { return null; }
        return new ChiselDescriptor(name, description, shortDescription, category, args);
    }
}
