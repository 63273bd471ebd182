package web

import "testing"

// Only one menu link is marked: the page itself, or the deepest section it
// belongs to.
func TestMarkCurrent(t *testing.T) {
	menu := func() []navItem {
		return []navItem{{ID: "home", Href: "/"}, {ID: "libraries", Href: "/libraries"},
			{ID: "training", Href: "/libraries/3/training"}, {ID: "references", Href: "/libraries/3/training/references"}}
	}
	cases := []struct {
		path, page, section string
	}{
		{"/", "home", ""},
		{"/libraries", "libraries", ""},
		{"/libraries/3", "", "libraries"},
		{"/libraries/3/training", "training", ""},
		{"/libraries/3/training/sessions/9", "", "training"},
		{"/libraries/3/training/references", "references", ""},
		{"/libraries/3/training/references/x", "", "references"},
		{"/account", "", ""},
	}
	for _, c := range cases {
		items := menu()
		markCurrent(items, c.path)
		for _, it := range items {
			want := ""
			switch it.ID {
			case c.page:
				want = "page"
			case c.section:
				want = "true"
			}
			if it.Current != want {
				t.Errorf("%s: %s marked %q, want %q", c.path, it.ID, it.Current, want)
			}
		}
	}
}
