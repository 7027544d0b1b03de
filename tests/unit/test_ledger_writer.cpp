#include "llmp/ledger/database.hpp"
#include "llmp/ledger/reader.hpp"
#include "llmp/ledger/writer.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <sys/stat.h>

using namespace llmp;

namespace {

struct Scratch {
    std::string dir;
    Scratch()
    {
        char pattern[] = "/tmp/llmp-ledger-XXXXXX";
        dir = mkdtemp(pattern);
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
};

ledger::RequestRecord sample(const std::string& id, int64_t started)
{
    ledger::RequestRecord r;
    r.id = id;
    r.started_unix_ms = started;
    r.duration_ms = 42;
    r.ttft_ms = 7;
    r.source = "serve";
    r.dialect = "openai";
    r.endpoint = "/v1/chat/completions";
    r.tags = R"({"team":"a"})";
    r.requested_model = "fast";
    r.provider = "openai";
    r.upstream_model = "gpt-4o-mini";
    r.attempts = 2;
    r.fallback = true;
    r.status = 200;
    r.usage = {10, 20, 30, 40, 5, true};
    r.cost_nanousd = 123456;
    r.streamed = true;
    r.request_body = "{\"req\":1}";
    r.response_body = "{\"res\":1}";
    return r;
}

} // namespace

TEST_CASE("ledger: records round-trip field by field")
{
    Scratch scratch;
    std::string path = scratch.dir + "/nested/dir/ledger.sqlite";
    {
        auto writer = ledger::Writer::open({path, true});
        REQUIRE(writer);
        auto full = sample("req_a", 1'700'000'000'000);
        auto sparse = sample("req_b", 1'700'000'000'500);
        sparse.usage = {};
        sparse.cost_nanousd.reset();
        sparse.ttft_ms.reset();
        sparse.error_class = "upstream_timeout";
        sparse.status = 504;
        sparse.tags.clear();
        sparse.request_body.reset();
        sparse.response_body.reset();
        (*writer)->submit(full);
        (*writer)->submit(sparse);
        (*writer)->flush();
        CHECK((*writer)->written() == 2);
    }
    struct stat info{};
    REQUIRE(stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    auto reader = ledger::Reader::open(path);
    REQUIRE(reader);
    CHECK(reader->count_requests() == 2);
    auto rows = reader->recent(10);
    REQUIRE(rows);
    REQUIRE(rows->size() == 2);
    const auto& b = (*rows)[0];  // newest first
    const auto& a = (*rows)[1];
    CHECK(a.id == "req_a");
    CHECK(a.started_unix_ms == 1'700'000'000'000);
    CHECK(a.duration_ms == 42);
    CHECK(a.ttft_ms == 7);
    CHECK(a.tags == R"({"team":"a"})");
    CHECK(a.requested_model == "fast");
    CHECK(a.upstream_model == "gpt-4o-mini");
    CHECK(a.attempts == 2);
    CHECK(a.fallback);
    CHECK(a.usage.known);
    CHECK(a.usage.input == 10);
    CHECK(a.usage.cached_input == 20);
    CHECK(a.usage.cache_write == 30);
    CHECK(a.usage.output == 40);
    CHECK(a.usage.reasoning == 5);
    CHECK(a.cost_nanousd == 123456);
    CHECK(a.streamed);
    CHECK(a.request_body == "{\"req\":1}");
    CHECK(a.response_body == "{\"res\":1}");
    CHECK(b.id == "req_b");
    CHECK_FALSE(b.usage.known);
    CHECK_FALSE(b.cost_nanousd.has_value());
    CHECK_FALSE(b.ttft_ms.has_value());
    CHECK(b.status == 504);
    CHECK(b.error_class == "upstream_timeout");
    CHECK_FALSE(b.request_body.has_value());

    // Stored as NULL, not as 0 or "": what users querying the file see.
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT cost_nanousd IS NULL, input_tokens IS NULL, tags IS NULL, started_at FROM requests WHERE id='req_b'", -1, &s, nullptr);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK(sqlite3_column_int(s, 0) == 1);
    CHECK(sqlite3_column_int(s, 1) == 1);
    CHECK(sqlite3_column_int(s, 2) == 1);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 3))) == "2023-11-14T22:13:20.500Z");
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST_CASE("ledger: bodies are kept only when asked")
{
    Scratch scratch;
    std::string path = scratch.dir + "/l.sqlite";
    {
        auto writer = ledger::Writer::open({path, false});
        REQUIRE(writer);
        (*writer)->submit(sample("req_x", 1));
    }  // the destructor flushes
    auto reader = ledger::Reader::open(path);
    REQUIRE(reader);
    auto row = reader->find("req_x");
    REQUIRE(row);
    REQUIRE(row->has_value());
    CHECK_FALSE((*row)->request_body.has_value());
    CHECK((*row)->usage.output == 40);
}

TEST_CASE("ledger: schema is versioned and a newer file is refused")
{
    Scratch scratch;
    std::string path = scratch.dir + "/l.sqlite";
    REQUIRE(ledger::Writer::open({path, true}));
    REQUIRE(ledger::Writer::open({path, true}));  // reopening is idempotent
    {
        auto db = ledger::open_database(path, ledger::Access::read_write);
        REQUIRE(db);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db->get(), "PRAGMA user_version", -1, &s, nullptr);
        sqlite3_step(s);
        CHECK(sqlite3_column_int(s, 0) == ledger::schema_version());
        sqlite3_finalize(s);
        REQUIRE(ledger::exec(db->get(), "PRAGMA user_version = 99", "test"));
    }
    auto newer = ledger::Writer::open({path, true});
    REQUIRE_FALSE(newer);
    CHECK(newer.error().message
          == path + ": ledger schema version 99 is newer than this llmp understands (3); upgrade llmp");
}

TEST_CASE("ledger: a full queue loses and counts instead of blocking")
{
    Scratch scratch;
    ledger::WriterOptions options{scratch.dir + "/l.sqlite", true};
    options.queue_capacity = 2;
    options.batch_window_ms = 60'000;  // the writer holds its batch until flushed
    options.max_batch = 1000;
    auto writer = ledger::Writer::open(options);
    REQUIRE(writer);
    for (int i = 0; i < 5; ++i) (*writer)->submit(sample("req_" + std::to_string(i), i));
    CHECK((*writer)->lost() == 3);
    (*writer)->flush();
    CHECK((*writer)->written() == 2);
}

namespace {

// Another connection holding the write lock, as a second process (the sqlite3 shell) would.
struct HeldLock {
    ledger::Database db;
    explicit HeldLock(const std::string& path)
    {
        auto opened = ledger::open_database(path, ledger::Access::read_write);
        REQUIRE(opened);
        db = std::move(*opened);
        REQUIRE(ledger::exec(db.get(), "BEGIN EXCLUSIVE", "test"));
    }
    void release() { REQUIRE(ledger::exec(db.get(), "ROLLBACK", "test")); }
};

// Waits (bounded) until the writer reports that it cannot write.
ledger::WriterHealth failing_health(const ledger::Writer& writer)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto health = writer.health();
    while (health.ok && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling the writer thread
        health = writer.health();
    }
    return health;
}

ledger::WriterOptions impatient(const std::string& path)
{
    ledger::WriterOptions options{path, true};
    options.batch_window_ms = 1;
    options.busy_timeout_ms = 20;
    options.give_up_after_ms = 200;
    return options;
}

} // namespace

TEST_CASE("ledger: a lock held past the busy timeout keeps records waiting; they land after")
{
    Scratch scratch;
    std::string path = scratch.dir + "/l.sqlite";
    auto writer = ledger::Writer::open(impatient(path));
    REQUIRE(writer);
    HeldLock lock(path);
    for (int i = 0; i < 3; ++i) (*writer)->submit(sample("req_" + std::to_string(i), i));
    auto health = failing_health(**writer);
    CHECK_FALSE(health.ok);
    CHECK(health.waiting == 3);
    CHECK(health.lost == 0);
    CHECK(health.error == "database is locked");
    lock.release();
    (*writer)->flush();
    CHECK((*writer)->written() == 3);
    CHECK((*writer)->lost() == 0);
    CHECK((*writer)->health().ok);
    CHECK((*writer)->health().waiting == 0);
    auto reader = ledger::Reader::open(path);
    REQUIRE(reader);
    CHECK(*reader->count_requests() == 3);
}

TEST_CASE("ledger: records that still cannot be written at flush are given up and counted")
{
    Scratch scratch;
    std::string path = scratch.dir + "/l.sqlite";
    auto writer = ledger::Writer::open(impatient(path));
    REQUIRE(writer);
    HeldLock lock(path);
    for (int i = 0; i < 4; ++i) (*writer)->submit(sample("req_" + std::to_string(i), i));
    (*writer)->flush();  // returns after give_up_after_ms of retries
    CHECK((*writer)->written() == 0);
    CHECK((*writer)->lost() == 4);
    CHECK((*writer)->health().waiting == 0);
    lock.release();
    (*writer)->submit(sample("req_after", 9));
    (*writer)->flush();
    CHECK((*writer)->written() == 1);
}

TEST_CASE("ledger: a writer behind a writable disk holds requests instead of growing its backlog")
{
    Scratch scratch;
    ledger::WriterOptions options{scratch.dir + "/l.sqlite", true};
    options.backpressure_rows = 8;
    options.max_batch = 4;
    auto writer = ledger::Writer::open(options);
    REQUIRE(writer);
    size_t most_waiting = 0;
    for (int i = 0; i < 200; ++i) {
        (*writer)->submit(sample("req_" + std::to_string(i), i));
        most_waiting = std::max<size_t>(most_waiting, (*writer)->health().waiting);
    }
    CHECK(most_waiting <= 8);
    (*writer)->flush();
    CHECK((*writer)->written() == 200);
    CHECK((*writer)->lost() == 0);
}

TEST_CASE("ledger: usage_estimated round-trips; a schema 1 file is read as it is and migrated on write")
{
    Scratch scratch;
    std::string path = scratch.dir + "/l.sqlite";
    {
        auto writer = ledger::Writer::open({path, true});
        REQUIRE(writer);
        auto estimated = sample("req_estimated", 1);
        estimated.usage_estimated = "input,output";
        (*writer)->submit(estimated);
        (*writer)->submit(sample("req_exact", 2));
    }
    {
        auto reader = ledger::Reader::open(path);
        REQUIRE(reader);
        auto found = reader->find("req_estimated");
        REQUIRE(found);
        REQUIRE(found->has_value());
        CHECK((*found)->usage_estimated == "input,output");
        CHECK((*reader->find("req_exact"))->usage_estimated.empty());
    }
    {
        // What an older llmp left: schema 1, no usage_estimated column.
        auto db = ledger::open_database(path, ledger::Access::read_write);
        REQUIRE(db);
        REQUIRE(ledger::exec(db->get(), "ALTER TABLE requests DROP COLUMN usage_estimated; PRAGMA user_version = 1",
                             "test"));
    }
    {
        auto reader = ledger::Reader::open(path);
        REQUIRE(reader);
        auto rows = reader->recent(10);
        REQUIRE(rows);
        CHECK(rows->size() == 2);
    }
    auto writer = ledger::Writer::open({path, true});
    REQUIRE(writer);
    auto estimated = sample("req_later", 3);
    estimated.usage_estimated = "output";
    (*writer)->submit(estimated);
    (*writer)->flush();
    auto reader = ledger::Reader::open(path);
    REQUIRE(reader);
    CHECK((*reader->find("req_later"))->usage_estimated == "output");
}
