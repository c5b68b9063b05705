package data

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// holdEnv names the warehouse a child test process opens and holds until its standard input
// closes: "ro:PATH" for reading, as a running `placevalue serve` does, "rw:PATH" for writing, as
// `placevalue ingest` does.
const holdEnv = "PLACEVALUE_TEST_HOLD_WAREHOUSE"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		os.Exit(holdWarehouse(path))
	}
	os.Exit(m.Run())
}

func holdWarehouse(mode string) int {
	open := Open
	if strings.HasPrefix(mode, "ro:") {
		open = OpenReadOnly
	}
	w, err := open(context.Background(), mode[3:])
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		return 1
	}
	defer w.Close()
	os.Stdout.WriteString("holding\n")
	bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes the pipe
	return 0
}

// TestOpenLockedByAnotherProcess: a warehouse another process has open is refused with an error
// that says so, names the process, and says what to do, in place of DuckDB's advice about its own
// command-line shell: for writing while a server reads it, and for reading while an ingest writes it.
func TestOpenLockedByAnotherProcess(t *testing.T) {
	tests := []struct {
		name, hold string
		open       func(context.Context, string) (*Warehouse, error)
		want       []string
	}{
		{"write while served", "ro:", Open, []string{"has it open", "stop that process first", "placevalue serve"}},
		{"serve while written", "rw:", OpenReadOnly, []string{"is writing it", "wait until it has finished"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "held.duckdb")
			w, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			w.Close()

			exe, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			child := exec.Command(exe, "-test.run=^$")
			child.Env = append(os.Environ(), holdEnv+"="+tt.hold+path)
			stdin, err := child.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := child.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			child.Stderr = os.Stderr
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				stdin.Close()
				child.Wait()
			})
			if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "holding\n" {
				t.Fatalf("the child did not open the warehouse: %q, %v", line, err)
			}

			_, err = tt.open(context.Background(), path)
			var locked *LockedError
			if !errors.As(err, &locked) {
				t.Fatalf("open of a held warehouse: %v, want a LockedError", err)
			}
			msg := err.Error()
			for _, want := range append([]string{path, "another process", "PID " + strconv.Itoa(child.Process.Pid)}, tt.want...) {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not say %q", msg, want)
				}
			}
			if strings.Contains(msg, "-readonly parameter in the CLI") {
				t.Errorf("error %q passes on DuckDB's advice about its shell", msg)
			}

			// Once the other process lets go, the file opens again.
			stdin.Close()
			if err := child.Wait(); err != nil {
				t.Fatalf("child: %v", err)
			}
			w, err = tt.open(context.Background(), path)
			if err != nil {
				t.Fatalf("after the holder exited: %v", err)
			}
			w.Close()
		})
	}
}
