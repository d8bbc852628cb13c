namespace SqlTuner;

/// <summary>The question the query must answer, with the naive seed and the reference answer's query.</summary>
public static class TopCustomersTask
{
    /// <summary>The question, in words.</summary>
    public const string Question = "The 10 customers in Oslo with the highest total order amount among those with at least 30 orders: columns name, order_count, total; ordered by total descending, then name.";

    /// <summary>The naive seed: correct, but it scans every order twice per Oslo customer (correlated subqueries).</summary>
    public const string Seed = """
        SELECT c.name,
               (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS order_count,
               (SELECT SUM(o.amount) FROM orders o WHERE o.customer_id = c.id) AS total
        FROM customers c
        WHERE c.city = 'Oslo'
          AND (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) >= 30
        ORDER BY total DESC, c.name
        LIMIT 10
        """;

    /// <summary>A correct, fast query: the rows every candidate is compared with.</summary>
    public const string Reference = """
        SELECT c.name, COUNT(*) AS order_count, SUM(o.amount) AS total
        FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE c.city = 'Oslo'
        GROUP BY c.id
        HAVING COUNT(*) >= 30
        ORDER BY total DESC, c.name
        LIMIT 10
        """;
}
