// Deliberately wrong: overrides a virtual function without `override`.
// scripts/check-tidy must reject this file (tests/CMakeLists.txt checks that it does); it is
// never compiled into anything.
namespace paved::tools_fixture {

class Shape {
 public:
  virtual ~Shape() = default;
  virtual int Sides() const { return 0; }
};

class Square : public Shape {
 public:
  virtual int Sides() const { return 4; }  // the checker must ask for `override` here
};

}  // namespace paved::tools_fixture
