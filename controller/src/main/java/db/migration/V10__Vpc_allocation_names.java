package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;

/**
 * VPC ids are allocated under the name "tenant/vpc", up to 127 characters. PostgreSQL enforces
 * the column's length and needs it widened; SQLite never enforced it and has no ALTER COLUMN,
 * so there is nothing to do there.
 */
public class V10__Vpc_allocation_names extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) return;
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("ALTER TABLE sid_allocations ALTER COLUMN name TYPE VARCHAR(127)");
        }
    }
}
