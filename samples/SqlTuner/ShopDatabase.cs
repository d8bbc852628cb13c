using Microsoft.Data.Sqlite;

namespace SqlTuner;

/// <summary>A generated shop database (customers, orders), deterministic from its seed, written to a file that
/// evaluations open read-only. <c>orders.customer_id</c> is deliberately not indexed, so the shape of the query decides
/// its speed.</summary>
public sealed class ShopDatabase : IDisposable
{
    private ShopDatabase(string path) => Path = path;

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <summary>Gets a read-only connection string.</summary>
    public string ReadOnlyConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    /// <summary>Creates the database.</summary>
    /// <param name="customers">The number of customers.</param>
    /// <param name="orders">The number of orders.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <returns>The database; dispose it to delete the file.</returns>
    public static ShopDatabase Create(int customers = 300, int orders = 8_000, int seed = 7)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gepa-shop-" + Guid.NewGuid().ToString("N") + ".db");
        var random = new Random(seed);
        string[] cities = ["Oslo", "Lima", "Kyoto", "Accra", "Quito"];
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var tx = connection.BeginTransaction();
            Execute(connection, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL)");
            Execute(connection, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, amount INTEGER NOT NULL, created TEXT NOT NULL)");
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO customers VALUES ($id, $name, $city)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var name = insert.Parameters.Add("$name", SqliteType.Text);
                var city = insert.Parameters.Add("$city", SqliteType.Text);
                for (var i = 1; i <= customers; i++)
                {
                    (id.Value, name.Value, city.Value) = (i, $"customer-{i:D4}", cities[random.Next(cities.Length)]);
                    insert.ExecuteNonQuery();
                }
            }

            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO orders VALUES ($id, $customer, $amount, $created)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var customer = insert.Parameters.Add("$customer", SqliteType.Integer);
                var amount = insert.Parameters.Add("$amount", SqliteType.Integer);
                var created = insert.Parameters.Add("$created", SqliteType.Text);
                for (var i = 1; i <= orders; i++)
                {
                    (id.Value, customer.Value, amount.Value, created.Value) = (i, 1 + random.Next(customers), 1 + random.Next(500), new DateTime(2025, 1, 1).AddMinutes(random.Next(525_600)).ToString("s", System.Globalization.CultureInfo.InvariantCulture));
                    insert.ExecuteNonQuery();
                }
            }

            tx.Commit();
        }

        return new ShopDatabase(path);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
