CREATE PROCEDURE dbo.GetReport
    @TableName NVARCHAR(128),
    @Filter NVARCHAR(4000)
AS
BEGIN
    DECLARE @sql NVARCHAR(MAX);
    SET @sql = N'SELECT * FROM ' + @TableName + N' WHERE ' + @Filter;
    EXEC(@sql);
END;
GO
